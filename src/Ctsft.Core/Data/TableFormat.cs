namespace Ctsft.Data;

/// <summary>The file formats a dataset can come in.</summary>
public enum TableFormat
{
    Csv,
    Tsv,
    JsonLines,
}

public static class TableFormats
{
    /// <summary>The format a file's extension implies: .csv, .tsv/.tab, .jsonl/.ndjson.</summary>
    public static TableFormat FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => TableFormat.Csv,
        ".tsv" or ".tab" => TableFormat.Tsv,
        ".jsonl" or ".ndjson" => TableFormat.JsonLines,
        var other => throw new BadInputException(
            $"{path}: cannot tell the format from the extension '{other}'; use .csv, .tsv or .jsonl, or name the format"),
    };
}
