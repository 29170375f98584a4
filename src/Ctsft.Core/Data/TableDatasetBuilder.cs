namespace Ctsft.Data;

/// <summary>
/// Turns a <see cref="RawTable"/> into a <see cref="Dataset"/>, refusing missing columns, empty texts,
/// unknown labels and duplicate ids with an error naming the file, row and value.
/// </summary>
public static class TableDatasetBuilder
{
    public static Dataset Build(RawTable table, DatasetColumns columns, string name, string language, string split)
    {
        foreach (var column in new[] { columns.Text, columns.Label, columns.TextPair, columns.Id }.OfType<string>())
            table.RequireColumn(column);

        var labelNames = columns.LabelNames ?? InferLabelNames(table, columns.Label);
        var labelIndex = labelNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var examples = new List<Example>(table.Rows.Count);
        var rowOfId = new Dictionary<string, RawRow>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = columns.Id is null ? row.Number.ToString() : Field(table, row, columns.Id).Trim();
            if (id.Length == 0)
                throw new BadInputException($"{table.File}: {row.Where}: empty id in column '{columns.Id}'");
            if (!rowOfId.TryAdd(id, row))
                throw new BadInputException(
                    $"{table.File}: {row.Where}: duplicate id '{id}' (first used in {rowOfId[id].Where})");
            var text = NonEmptyText(table, row, columns.Text);
            var pair = columns.TextPair is null ? null : NonEmptyText(table, row, columns.TextPair);
            var label = Field(table, row, columns.Label).Trim();
            if (!labelIndex.TryGetValue(label, out var labelId))
                throw new BadInputException(
                    $"{table.File}: {row.Where}: unknown label '{label}' in column '{columns.Label}' (expected one of: {string.Join(", ", labelNames)})");
            examples.Add(new Example(id, text, pair, labelId));
        }
        return new Dataset(name, language, split, labelNames, examples, table.File, table.Sha256);
    }

    /// <summary>The distinct labels of a column, sorted numerically if all are integers, else ordinally.</summary>
    public static IReadOnlyList<string> InferLabelNames(RawTable table, string labelColumn)
    {
        var labels = table.Rows.Select(r => Field(table, r, labelColumn).Trim()).Distinct().ToArray();
        var empty = table.Rows.FirstOrDefault(r => Field(table, r, labelColumn).Trim().Length == 0);
        if (empty is not null)
            throw new BadInputException($"{table.File}: {empty.Where}: empty label in column '{labelColumn}'");
        return labels.All(l => long.TryParse(l, out _))
            ? labels.OrderBy(long.Parse).ToArray()
            : labels.Order(StringComparer.Ordinal).ToArray();
    }

    private static string NonEmptyText(RawTable table, RawRow row, string column)
    {
        var text = Field(table, row, column);
        if (string.IsNullOrWhiteSpace(text))
            throw new BadInputException($"{table.File}: {row.Where}: empty text in column '{column}'");
        return text;
    }

    private static string Field(RawTable table, RawRow row, string column) =>
        row.Fields.TryGetValue(column, out var value) ? value
            : throw new BadInputException($"{table.File}: {row.Where}: missing column '{column}'");
}
