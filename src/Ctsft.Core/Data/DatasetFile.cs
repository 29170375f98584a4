namespace Ctsft.Data;

/// <summary>Loads any user dataset: a CSV, TSV or JSON Lines file with a text column and a label column.</summary>
public static class DatasetFile
{
    public static Dataset Load(
        string path,
        DatasetColumns columns,
        string language,
        string split = "train",
        string? name = null,
        TableFormat? format = null)
    {
        var table = ReadTable(path, format ?? TableFormats.FromPath(path));
        return TableDatasetBuilder.Build(table, columns, name ?? Path.GetFileNameWithoutExtension(path), language, split);
    }

    public static RawTable ReadTable(string path, TableFormat format) => format switch
    {
        TableFormat.Csv => DelimitedTableReader.Read(path, ','),
        TableFormat.Tsv => DelimitedTableReader.Read(path, '\t'),
        TableFormat.JsonLines => JsonLinesTableReader.Read(path),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
