using nietras.SeparatedValues;

namespace Ctsft.Data;

/// <summary>
/// CSV and TSV through Sep: a header row, RFC 4180 quoting (quoted fields may hold separators, <c>""</c>
/// and newlines) unless <c>quotes</c> is off (files like XNLI's that split on the separator alone).
/// </summary>
public static class DelimitedTableReader
{
    public static RawTable Read(string path, char separator, bool quotes = true)
    {
        var (text, sha256) = StrictUtf8.ReadFile(path);
        return Parse(text, path, sha256, separator, quotes);
    }

    public static RawTable Parse(string text, string fileName, string sha256, char separator, bool quotes = true)
    {
        using var reader = Sep.New(separator).Reader(o => o with
        {
            HasHeader = true,
            Unescape = quotes,
            DisableQuotesParsing = !quotes,
            DisableColCountCheck = true,
        }).FromText(text);
        var columns = reader.Header.ColNames.ToArray();
        if (columns.Length == 0 || columns is [""])
            throw new BadInputException($"{fileName}: empty file, expected a header row");
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new BadInputException($"{fileName}: the header names column '{duplicate.Key}' twice");

        var rows = new List<RawRow>();
        try
        {
            foreach (var row in reader)
            {
                var number = rows.Count + 1;
                if (row.ColCount == 1 && row[0].Span.IsEmpty)
                    throw new BadInputException($"{fileName}: row {number} (line {row.LineNumberFrom}) is empty");
                if (row.ColCount != columns.Length)
                    throw new BadInputException(
                        $"{fileName}: row {number} (line {row.LineNumberFrom}) has {row.ColCount} fields, the header has {columns.Length}");
                var fields = new Dictionary<string, string>(columns.Length, StringComparer.Ordinal);
                for (var c = 0; c < columns.Length; c++)
                    fields[columns[c]] = row[c].ToString();
                rows.Add(new RawRow(number, row.LineNumberFrom, fields));
            }
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException($"{fileName}: malformed {(separator == '\t' ? "TSV" : "CSV")} after row {rows.Count}: {e.Message}", e);
        }
        return new RawTable(fileName, sha256, columns, rows);
    }
}
