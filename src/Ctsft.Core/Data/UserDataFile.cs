using System.Text.Json.Nodes;
using Ctsft.Data.Protocol;
using Ctsft.Reproducibility;

namespace Ctsft.Data;

/// <summary>
/// A user's dataset as one language of a transfer (task <c>custom</c>): a CSV, TSV or JSON Lines file with a text
/// column, a label column and optionally a split column whose values are <c>train</c>, <c>validation</c> (also
/// <c>valid</c>, <c>dev</c>) and <c>test</c>, as Hugging Face datasets name them. Without a split column the rows are
/// split by id, deterministically for the split seed: a seeded permutation of the ids in canonical order
/// (<see cref="SeedPurposes.UserFileSplit"/>) gives its first 40% (rounded) to test, the next 10% to validation and the
/// rest to train, NusaX-Senti's proportions (500 / 100 / 400). The label set is fixed by the caller (a transfer uses
/// the proxy file's labels), so a label outside it is refused naming the file, row and column.
/// </summary>
public sealed record UserDataFile(string Path, DatasetColumns Columns, string? SplitColumn = null)
{
    public const string DefaultSplitColumn = "split";
    public const double TestShare = 0.4, ValidationShare = 0.1;

    /// <summary>How the rows are split, for manifests.</summary>
    public const string DerivedSplitRule =
        "no split column: ids in canonical order permuted with the split seed (purpose data/user-file/split); first round(0.4 N) test, next round(0.1 N) validation, the rest train";

    /// <summary>The labels of a file's label column: every distinct value, sorted (numerically when all are integers).</summary>
    public static IReadOnlyList<string> LabelsOf(string path, string labelColumn)
    {
        var table = Read(path);
        table.RequireColumn(labelColumn);
        return TableDatasetBuilder.InferLabelNames(table, labelColumn);
    }

    /// <summary>One split (<c>train</c>, <c>valid</c> or <c>test</c>) of the file, in canonical id order.</summary>
    public Dataset Load(string language, string split, ulong splitSeed)
    {
        if (Columns.LabelNames is null) throw new ArgumentException("a user data file needs its label set", nameof(Columns));
        var table = Read(Path);
        var all = TableDatasetBuilder.Build(table, Columns, System.IO.Path.GetFileNameWithoutExtension(Path), language, "all");
        var splits = SplitOf(table, all, splitSeed);
        var ids = ExampleIdOrder.Sorted(all.Examples.Select(e => e.Id).Where(id => splits[id] == split));
        if (ids.Length == 0)
            throw new BadInputException($"{Path}: no rows of the {split} split ({SplitSource(table)}); a transfer needs train, validation and test rows");
        return all.Select(ids, split);
    }

    /// <summary>Rows per split (<c>train</c>, <c>valid</c>, <c>test</c>).</summary>
    public IReadOnlyDictionary<string, int> SplitSizes(ulong splitSeed)
    {
        var table = Read(Path);
        var all = TableDatasetBuilder.Build(table, Columns, System.IO.Path.GetFileNameWithoutExtension(Path), "und", "all");
        var splits = SplitOf(table, all, splitSeed);
        return new[] { "train", "valid", "test" }.ToDictionary(s => s, s => splits.Values.Count(v => v == s));
    }

    /// <summary>Pool B of this file's train split: the protocol's 100 rows, or every row when the split has fewer.</summary>
    public static int PoolBSize(int trainRows) => Math.Min(PoolSplit.DefaultPoolBSize, trainRows);

    /// <summary>The protocol's pools (method.md 2) applied to this file's train split.</summary>
    public PoolSplit Pools(Dataset train, ulong splitSeed) => PoolSplit.Create(train, splitSeed, PoolBSize(train.Count));

    /// <summary>What a manifest records of the file besides its hash: columns, labels and how it is split.</summary>
    public JsonObject Describe() => new()
    {
        ["file"] = System.IO.Path.GetFullPath(Path),
        ["text_column"] = Columns.Text,
        ["text_pair_column"] = Columns.TextPair,
        ["label_column"] = Columns.Label,
        ["id_column"] = Columns.Id,
        ["labels"] = new JsonArray(Columns.LabelNames!.Select(l => (JsonNode?)l).ToArray()),
        ["split"] = HasSplitColumn(Read(Path)) ? $"column '{SplitColumn ?? DefaultSplitColumn}'" : DerivedSplitRule,
        ["pools"] = $"method.md 2 on the train split: Pool B = {PoolSplit.DefaultPoolBSize} rows (all of them when the split has fewer), Pool A = the rest",
    };

    private static RawTable Read(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: file not found");
        return DatasetFile.ReadTable(path, TableFormats.FromPath(path));
    }

    private bool HasSplitColumn(RawTable table)
    {
        if (SplitColumn is not null) table.RequireColumn(SplitColumn);
        return table.Columns.Contains(SplitColumn ?? DefaultSplitColumn);
    }

    private string SplitSource(RawTable table) => HasSplitColumn(table) ? $"column '{SplitColumn ?? DefaultSplitColumn}'" : "split derived by the split seed";

    private Dictionary<string, string> SplitOf(RawTable table, Dataset all, ulong splitSeed)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (HasSplitColumn(table))
        {
            var column = SplitColumn ?? DefaultSplitColumn;
            for (var i = 0; i < table.Rows.Count; i++)
            {
                var row = table.Rows[i];
                var value = row.Fields.TryGetValue(column, out var field) ? field
                    : throw new BadInputException($"{table.File}: {row.Where}: missing column '{column}'");
                result[all.Examples[i].Id] = value.Trim().ToLowerInvariant() switch
                {
                    "train" => "train",
                    "validation" or "valid" or "dev" => "valid",
                    "test" => "test",
                    var other => throw new BadInputException(
                        $"{table.File}: {row.Where}: split '{other}' in column '{column}' is not train, validation (valid, dev) or test"),
                };
            }
            return result;
        }
        var ids = ExampleIdOrder.Sorted(all.Ids);
        var test = (int)Math.Round(TestShare * ids.Length, MidpointRounding.AwayFromZero);
        var valid = (int)Math.Round(ValidationShare * ids.Length, MidpointRounding.AwayFromZero);
        var order = SeededRandom.For(splitSeed, SeedPurposes.UserFileSplit).Permutation(ids.Length);
        for (var k = 0; k < order.Length; k++)
            result[ids[order[k]]] = k < test ? "test" : k < test + valid ? "valid" : "train";
        return result;
    }
}
