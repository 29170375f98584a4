using Ctsft.Reproducibility;

namespace Ctsft.Data.Protocol;

public sealed record XnliSubsetOptions(int TrainSize = 500, int ValidSize = 100, int TestSize = 400, int MaxPromptTokens = 128);

/// <summary>One language's NusaX-sized XNLI subsets.</summary>
public sealed record XnliLanguageSubsets(Dataset Train, Dataset Valid, Dataset Test);

/// <summary>
/// NusaX-sized XNLI subsets (method.md 2): train and validation drawn disjointly from dev, test from test,
/// with the same rows in every language of the run. A row is eligible only if its prompt is at most
/// <c>MaxPromptTokens</c> long in every language (the caller's token counter applies the model's tokenizer
/// and template). Rows are visited in a seeded permutation (<see cref="SeedPurposes.XnliDevSubset"/>,
/// <see cref="SeedPurposes.XnliTestSubset"/>) and the first eligible ones taken: train, then validation.
/// Each subset lists its rows in file order.
/// </summary>
public sealed record XnliSubsets(
    IReadOnlyList<string> TrainIds,
    IReadOnlyList<string> ValidIds,
    IReadOnlyList<string> TestIds,
    IReadOnlyDictionary<string, XnliLanguageSubsets> ByLanguage)
{
    public static XnliSubsets Build(IReadOnlyList<Dataset> devSets, IReadOnlyList<Dataset> testSets,
        Func<Example, int> promptTokens, ulong seed, XnliSubsetOptions? options = null)
    {
        options ??= new XnliSubsetOptions();
        ParallelDatasets.Ensure(devSets);
        ParallelDatasets.Ensure(testSets);
        var devPicks = Pick(devSets, options.TrainSize + options.ValidSize, promptTokens, options.MaxPromptTokens,
            SeededRandom.For(seed, SeedPurposes.XnliDevSubset));
        var trainIds = ExampleIdOrder.Sorted(devPicks.Take(options.TrainSize));
        var validIds = ExampleIdOrder.Sorted(devPicks.Skip(options.TrainSize));
        var testIds = ExampleIdOrder.Sorted(Pick(testSets, options.TestSize, promptTokens, options.MaxPromptTokens,
            SeededRandom.For(seed, SeedPurposes.XnliTestSubset)));

        var byLanguage = new Dictionary<string, XnliLanguageSubsets>(StringComparer.Ordinal);
        foreach (var dev in devSets)
        {
            var test = testSets.FirstOrDefault(t => t.Language == dev.Language)
                ?? throw new BadInputException(
                    $"{dev.SourceFile}: no test split was given for language '{dev.Language}' (test languages: {string.Join(", ", testSets.Select(t => t.Language))})");
            byLanguage[dev.Language] = new XnliLanguageSubsets(
                dev.Select(trainIds, "train"), dev.Select(validIds, "valid"), test.Select(testIds, "test"));
        }
        return new XnliSubsets(trainIds, validIds, testIds, byLanguage);
    }

    private static List<string> Pick(IReadOnlyList<Dataset> parallel, int needed, Func<Example, int> promptTokens,
        int maxTokens, SeededRandom random)
    {
        var ids = ExampleIdOrder.Sorted(parallel[0].Ids);
        var picks = new List<string>(needed);
        foreach (var index in random.Permutation(ids.Length))
        {
            if (picks.Count == needed)
                break;
            if (parallel.All(d => promptTokens(d[ids[index]]) <= maxTokens))
                picks.Add(ids[index]);
        }
        if (picks.Count < needed)
        {
            var languages = string.Join(", ", parallel.Select(d => d.Language));
            throw new BadInputException(
                $"{parallel[0].SourceFile}: only {picks.Count} of {ids.Length} rows have prompts of at most {maxTokens} tokens in every language ({languages}); {needed} are needed");
        }
        return picks;
    }
}
