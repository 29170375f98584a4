using System.Text.Json.Nodes;

namespace Ctsft.Reports;

/// <summary>
/// One transfer as a report reads it: its coordinates (the arm as a string, so arms this build does not know are
/// shown too), its status and headline accuracies, and its result JSON when it is done.
/// </summary>
public sealed record ReportRun(string Target, int N, string Arm, int? Depth, ulong Seed, string Status, double? TargetAccuracy,
    double? ProxyAccuracy, string? Reason, JsonObject? Result)
{
    public bool IsDone => Status == Experiments.ResultsStore.Done && TargetAccuracy is not null;

    private double? Metric(string name) => Result?["metrics"]?[name]?["accuracy"]?.GetValue<double>();

    /// <summary>The competence checkpoint on the target (no tuning); none for arms that do not start from it.</summary>
    public double? A0 => Metric("a0");

    /// <summary>The competence checkpoint on the proxy's test set.</summary>
    public double? CompetenceProxy => Metric("competence_proxy");

    /// <summary>The target validation accuracy of the chosen learning rate (recorded when the rate was searched).</summary>
    public double? ValidationAccuracy =>
        Result?["learning_rate"]?["candidates"]?.AsArray()
            .FirstOrDefault(c => c?["learning_rate"]?.GetValue<double>() == Result["learning_rate"]!["chosen"]!.GetValue<double>())?["validation_accuracy"]
            ?.GetValue<double>();

    /// <summary>The evaluation folder of the target test set (its <c>predictions.jsonl</c>), as recorded.</summary>
    public string? TargetTestFolder => Result?["metrics"]?["target_test"]?["folder"]?.GetValue<string>();

    /// <summary>The discovery folder this run's heads came from, as recorded.</summary>
    public string? DiscoveryFolder => Result?["discovery"]?["folder"]?.GetValue<string>();

    /// <summary>The depth of the circuit this run's discovery gave (less than asked when the search ran out of candidates).</summary>
    public int? DiscoveryDepth => Result?["discovery"]?["depth"]?.GetValue<int>();

    public IReadOnlyList<string> Heads => Result?["arm"]?["heads"]?.AsArray().Select(h => h!.GetValue<string>()).ToArray() ?? [];

    public JsonObject? Budget => Result?["budget"] as JsonObject;

    public string Key => $"{Target}/n{N}/{Arm}/d{(Depth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}/s{Seed}";
}
