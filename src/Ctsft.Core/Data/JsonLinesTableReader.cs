using System.Text.Json;

namespace Ctsft.Data;

/// <summary>
/// JSON Lines: one object per non-blank line. Strings are taken as they are, numbers and booleans by their
/// JSON text; nulls, arrays and objects are refused. Columns are the keys of the first object.
/// </summary>
public static class JsonLinesTableReader
{
    public static RawTable Read(string path)
    {
        var (text, sha256) = StrictUtf8.ReadFile(path);
        return Parse(text, path, sha256);
    }

    public static RawTable Parse(string text, string fileName, string sha256)
    {
        var rows = new List<RawRow>();
        var columns = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var where = $"row {rows.Count + 1} (line {i + 1})";
            var fields = ParseObject(line, $"{fileName}: {where}");
            if (rows.Count == 0)
                columns.AddRange(fields.Keys);
            rows.Add(new RawRow(rows.Count + 1, i + 1, fields));
        }
        if (rows.Count == 0)
            throw new BadInputException($"{fileName}: no JSON objects found");
        return new RawTable(fileName, sha256, columns, rows);
    }

    private static Dictionary<string, string> ParseObject(string line, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{where}: not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BadInputException($"{where}: expected a JSON object, found {document.RootElement.ValueKind}");
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    var kind => throw new BadInputException(
                        $"{where}: key '{property.Name}' holds {kind}; expected a string or a number"),
                };
            }
            return fields;
        }
    }
}
