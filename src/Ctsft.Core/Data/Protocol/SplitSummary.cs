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
/// subsets are built first, for the language and the proxy, with the prompt-length filter when a token
/// counter is given (a model's tokenizer and template) and without it otherwise (<see cref="Notes"/> says which).
/// </summary>
public sealed record SplitSummary(
    string Task,
    string Language,
    SplitSettings Settings,
    IReadOnlyList<string> LabelNames,
    IReadOnlyList<SplitSummaryRow> Rows,
    IReadOnlyList<string> Notes)
{
    /// <summary>XNLI: the language set of the 128-token filter; null for other tasks.</summary>
    public IReadOnlyList<string>? XnliLanguages { get; init; }

    /// <param name="promptTokens">XNLI only: the prompt token counter of the filter, e.g. <see cref="Tasks.PromptTokenCounter"/>.</param>
    /// <param name="promptTokensSource">What the counter counts with (a model), for the notes.</param>
    /// <param name="xnliLanguages">XNLI: the run's language set (<see cref="XnliLanguageSet"/>); null = the proxy and <paramref name="language"/>.</param>
    public static SplitSummary Build(DataTask task, string dataDir, string language, SplitSettings settings,
        Func<Example, int>? promptTokens = null, string? promptTokensSource = null, IReadOnlyList<string>? xnliLanguages = null)
    {
        task.RequireLanguage(language);
        var notes = new List<string>();
        var languages = task.Key == Xnli.Task.Key ? XnliLanguageSet.Resolve(xnliLanguages, language) : null;
        var (train, parallel) = languages is not null
            ? XnliTrain(dataDir, language, languages, settings.SplitSeed, promptTokens, promptTokensSource, notes)
            : ParallelTrain(task, dataDir, language, notes);
        var split = PoolSplit.Create(parallel, settings.SplitSeed, settings.PoolBSize, settings.PoolASize);
        var poolA = split.PoolA(train);
        var poolB = split.PoolB(train);
        var rows = new List<SplitSummaryRow> { Row("Pool A", poolA), Row("Pool B", poolB) };
        rows.AddRange(Nested(NestedSample.FromPoolB(split, settings.SampleSeed), poolB, settings.PoolBSizes, "n"));
        if (settings.PoolASizes is not null)
            rows.AddRange(Nested(NestedSample.FromPoolA(split, settings.SampleSeed), poolA, settings.PoolASizes, "stage1_n"));
        return new SplitSummary(task.Key, language, settings, train.LabelNames, rows, notes) { XnliLanguages = languages };
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

    private static (Dataset, IReadOnlyList<Dataset>) XnliTrain(string dataDir, string language, IReadOnlyList<string> languages, ulong seed,
        Func<Example, int>? promptTokens, string? promptTokensSource, List<string> notes)
    {
        var subsets = XnliLanguageSet.Subsets(dataDir, languages, promptTokens ?? (_ => 0), seed);
        notes.Add(promptTokens is null
            ? $"XNLI subsets over {string.Join(",", languages)} (subset seed = split seed); prompt-length filter not applied: it needs a model's tokenizer (give a model)"
            : XnliLanguageSet.Describe(languages) + $" under {promptTokensSource ?? "the given counter"}");
        var train = subsets.ByLanguage[language].Train;
        return (train, [train]);
    }
}
