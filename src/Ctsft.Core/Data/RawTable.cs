namespace Ctsft.Data;

/// <summary>
/// A file read into named string fields, before any dataset meaning is given to them. Rows are numbered
/// from 1 (data rows, header not counted) and remember the physical line they start on.
/// </summary>
public sealed record RawTable(string File, string Sha256, IReadOnlyList<string> Columns, IReadOnlyList<RawRow> Rows)
{
    /// <summary>Fails, naming the file and the columns it has, if a required column is absent.</summary>
    public void RequireColumn(string column)
    {
        if (!Columns.Contains(column))
            throw new BadInputException(
                $"{File}: missing column '{column}' (the header has: {string.Join(", ", Columns)})");
    }
}

/// <summary>One data row: its 1-based number, its first line in the file, and its fields by column.</summary>
public sealed record RawRow(int Number, int Line, IReadOnlyDictionary<string, string> Fields)
{
    public string Where => $"row {Number} (line {Line})";
}
