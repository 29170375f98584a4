using System.Text.Json;
using Ctsft.Evaluation;

namespace Ctsft.Reports;

/// <summary>Which test examples an evaluation got right, by example id, from its <c>predictions.jsonl</c>.</summary>
public static class TestOutcomes
{
    public static IReadOnlyDictionary<string, bool> Read(string evaluationFolder)
    {
        var path = Path.Combine(evaluationFolder, PredictionsFile.FileName);
        if (!File.Exists(path)) throw new BadInputException($"{path}: file not found");
        var outcomes = new Dictionary<string, bool>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                outcomes[json.RootElement.GetProperty("id").GetString()!] = json.RootElement.GetProperty("correct").GetBoolean();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new BadInputException($"{path}: line {lineNumber} is not a prediction with an id and correct ({e.Message})");
            }
        }
        return outcomes;
    }

    /// <summary>The two evaluations' outcomes in one example order; null when they are not of the same test set.</summary>
    public static PairedSeed? Pair(ulong seed, IReadOnlyDictionary<string, bool> arm, IReadOnlyDictionary<string, bool> baseline)
    {
        if (arm.Count != baseline.Count || arm.Count == 0 || !arm.Keys.All(baseline.ContainsKey)) return null;
        var ids = baseline.Keys.Order(StringComparer.Ordinal).ToArray();
        return new PairedSeed(seed, ids.Select(i => arm[i]).ToArray(), ids.Select(i => baseline[i]).ToArray());
    }
}
