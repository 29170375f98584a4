using Ctsft.Evaluation;

namespace Ctsft.Reports;

/// <summary>Which test examples an evaluation got right, by example id, from its <c>predictions.jsonl</c> (labels from its <c>metrics.json</c>).</summary>
public static class TestOutcomes
{
    public static IReadOnlyDictionary<string, bool> Read(string evaluationFolder)
    {
        var (_, metrics) = MetricsFile.Read(Path.Combine(evaluationFolder, MetricsFile.FileName));
        var path = Path.Combine(evaluationFolder, PredictionsFile.FileName);
        if (!File.Exists(path)) throw new BadInputException($"{path}: file not found");
        return PredictionsFile.Read(path, metrics.Confusion.Labels).ToDictionary(p => p.Id, p => p.Correct, StringComparer.Ordinal);
    }

    /// <summary>The two evaluations' outcomes in one example order; null when they are not of the same test set.</summary>
    public static PairedSeed? Pair(ulong seed, IReadOnlyDictionary<string, bool> arm, IReadOnlyDictionary<string, bool> baseline)
    {
        if (arm.Count != baseline.Count || arm.Count == 0 || !arm.Keys.All(baseline.ContainsKey)) return null;
        var ids = baseline.Keys.Order(StringComparer.Ordinal).ToArray();
        return new PairedSeed(seed, ids.Select(i => arm[i]).ToArray(), ids.Select(i => baseline[i]).ToArray());
    }
}
