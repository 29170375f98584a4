namespace Ctsft.Data.Protocol;

/// <summary>The settings of <c>ctsft data split</c>.</summary>
public sealed record SplitSettings(
    ulong SplitSeed = 0,
    ulong SampleSeed = 0,
    string PoolBSizes = "25,50,75,100",
    string? PoolASizes = null,
    int PoolBSize = PoolSplit.DefaultPoolBSize,
    int? PoolASize = null);

/// <summary>One subset of a split summary: its name, size, count per label and ids (canonical order).</summary>
public sealed record SplitSummaryRow(string Subset, int Total, IReadOnlyList<int> PerLabel, IReadOnlyList<string> Ids);

/// <summary>
/// What the protocol draws for one language: Pool A, Pool B and the nested samples, counted per label.
/// NusaX: the pools are computed over every language present, verified parallel. XNLI: the NusaX-sized
/// subsets are built first, for the language and the proxy, without the prompt-length filter (it needs a
/// model's tokenizer; <see cref="Notes"/> says so).
/// </summary>
public sealed record SplitSummary(
    string Task,
    string Language,
    SplitSettings Settings,
    IReadOnlyList<string> LabelNames,
    IReadOnlyList<SplitSummaryRow> Rows,
    IReadOnlyList<string> Notes)
{
    public static SplitSummary Build(DataTask task, string dataDir, string language, SplitSettings settings)
    {
        task.RequireLanguage(language);
        var notes = new List<string>();
        var (train, parallel) = task.Key == Xnli.Task.Key
            ? XnliTrain(task, dataDir, language, settings.SplitSeed, notes)
            : ParallelTrain(task, dataDir, language, notes);
        var split = PoolSplit.Create(parallel, settings.SplitSeed, settings.PoolBSize, settings.PoolASize);
        var poolA = split.PoolA(train);
        var poolB = split.PoolB(train);
        var rows = new List<SplitSummaryRow> { Row("Pool A", poolA), Row("Pool B", poolB) };
        rows.AddRange(Nested(NestedSample.FromPoolB(split, settings.SampleSeed), poolB, settings.PoolBSizes, "--n"));
        if (settings.PoolASizes is not null)
            rows.AddRange(Nested(NestedSample.FromPoolA(split, settings.SampleSeed), poolA, settings.PoolASizes, "--stage1-n"));
        return new SplitSummary(task.Key, language, settings, train.LabelNames, rows, notes);
    }

    private static IEnumerable<SplitSummaryRow> Nested(NestedSample sample, Dataset pool, string sizes, string option) =>
        SampleSizes.Parse(sizes, pool.Count, option)
            .Select(n => Row($"{sample.PoolName} n={n}", pool.Select(sample.Take(n), pool.Split)));

    private static SplitSummaryRow Row(string name, Dataset subset) =>
        new(name, subset.Count, subset.LabelCounts(), ExampleIdOrder.Sorted(subset.Ids));

    private static (Dataset, IReadOnlyList<Dataset>) ParallelTrain(DataTask task, string dataDir, string language, List<string> notes)
    {
        var train = task.Load(dataDir, language, "train");
        var others = task.LanguagesPresent(dataDir).Where(l => l != language).Select(l => task.Load(dataDir, l, "train")).ToArray();
        notes.Add($"ids verified parallel across {others.Length + 1} languages");
        return (train, [train, .. others]);
    }

    private static (Dataset, IReadOnlyList<Dataset>) XnliTrain(DataTask task, string dataDir, string language, ulong seed, List<string> notes)
    {
        var languages = new[] { task.ProxyLanguage, language }.Distinct().ToArray();
        var dev = languages.Select(l => task.Load(dataDir, l, "dev")).ToArray();
        var test = languages.Select(l => task.Load(dataDir, l, "test")).ToArray();
        var subsets = XnliSubsets.Build(dev, test, _ => 0, seed);
        notes.Add($"XNLI subsets over {string.Join(", ", languages)} (subset seed = split seed); prompt-length filter not applied: it needs a model's tokenizer");
        var train = subsets.ByLanguage[language].Train;
        return (train, [train]);
    }
}
