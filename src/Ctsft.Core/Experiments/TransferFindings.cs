using System.Globalization;
using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>
/// What a set of transfers shows, in plain sentences: per (target, n) each arm's target accuracy (mean over seeds)
/// beside continued full fine-tuning and A0, whether a gap exceeds the noise level, and the proxy accuracy after
/// tuning against the competence checkpoint's (forgetting).
/// </summary>
public static class TransferFindings
{
    /// <param name="noise">Gaps smaller than this are called level (for MiniLM, the spread over seeds and samples that minilm.md measured).</param>
    public static IReadOnlyList<string> Describe(IEnumerable<TransferResult> results, string proxy, double noise)
    {
        var lines = new List<string>();
        foreach (var group in results.GroupBy(r => (Target: Setting(r, "target"), N: int.Parse(Setting(r, "n"), CultureInfo.InvariantCulture)))
                     .OrderBy(g => g.Key.Target, StringComparer.Ordinal).ThenBy(g => g.Key.N))
        {
            var arms = group.GroupBy(r => Setting(r, "arm")).ToDictionary(g => g.Key, g => g.ToArray());
            var seeds = group.Select(r => Setting(r, "seed")).Distinct().Count();
            var a0 = Mean(group.Select(r => r.A0Accuracy));
            var competence = Mean(group.Select(r => r.CompetenceProxyAccuracy));
            var ordered = arms.Keys.OrderBy(a => a == "full" ? 0 : 1).ThenBy(a => a, StringComparer.Ordinal).ToArray();
            var accuracies = string.Join("; ", ordered.Select(a => $"{Describe(a, arms[a][0])} {F(arms[a].Average(r => r.TargetAccuracy))}"));
            lines.Add($"{proxy} -> {group.Key.Target}, n = {group.Key.N} ({Plural(seeds, "seed")}): target test accuracy {accuracies}" +
                      (a0 is { } a ? $"; A0 (the competence checkpoint, no target tuning) {F(a)}." : "."));
            if (arms.TryGetValue("full", out var full))
            {
                var reference = full.Average(r => r.TargetAccuracy);
                var gaps = ordered.Where(a => a != "full").Select(a =>
                {
                    var gap = arms[a].Average(r => r.TargetAccuracy) - reference;
                    var verdict = Math.Abs(gap) < noise ? "level with it" : gap > 0 ? "above it" : "below it";
                    return $"{a} {Signed(gap)} ({verdict})";
                }).ToArray();
                if (gaps.Length > 0)
                    lines.Add($"  Against continued full fine-tuning: {string.Join(", ", gaps)}; gaps under {F(noise)} are within the noise" +
                              (seeds < 2 ? ", and one seed cannot separate arms (a grid with several seeds reports intervals)." : "."));
            }
            var retention = string.Join(", ", ordered.Select(a => $"{a} {F(arms[a].Average(r => r.ProxyAccuracy))}"));
            lines.Add($"  {proxy} (proxy) test accuracy after tuning: {retention}" +
                      (competence is { } c ? $"; the competence checkpoint had {F(c)} (lower after tuning = forgetting)." : "."));
        }
        return lines;
    }

    private static string Describe(string arm, TransferResult result)
    {
        var heads = result.Json["arm"]?["heads"]?.AsArray().Count ?? 0;
        var percent = result.Json["budget"]?["paper_percent"]?.GetValue<double>();
        var budget = new List<string>();
        if (heads > 0) budget.Add($"{heads} heads + every norm");
        if (percent is { } p) budget.Add($"{p.ToString("0.##", CultureInfo.InvariantCulture)}% of the parameters");
        return budget.Count == 0 ? arm : $"{arm} ({string.Join(", ", budget)})";
    }

    private static string Setting(TransferResult result, string key) => result.Json["settings"]![key] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        { } node => node.ToJsonString(),
        null => "",
    };

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToArray();
        return present.Length == 0 ? null : present.Average();
    }

    private static string Plural(int count, string word) => count == 1 ? $"1 {word}" : $"{count} {word}s";
    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
    private static string Signed(double value) => (value >= 0 ? "+" : "") + F(value);
}
