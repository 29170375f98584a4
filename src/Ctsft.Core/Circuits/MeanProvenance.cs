namespace Ctsft.Circuits;

/// <summary>
/// Where a label-balanced mean came from: the mean set's example ids, how many of each class it holds and
/// how many correctly predicted examples each class had, whether the balanced quota could not be met
/// (method.md 5.2's fallback: the mean of the per-class means is used either way), and the definition used.
/// </summary>
public sealed record MeanProvenance(
    IReadOnlyList<string> ExampleIds,
    IReadOnlyList<string> LabelNames,
    IReadOnlyList<int> PerClassCounts,
    IReadOnlyList<int>? BalancedQuota = null,
    IReadOnlyList<int>? CorrectPerClass = null,
    bool FellBack = false)
{
    public const string Definition =
        "two means per head: readout position, and every other real position (token-weighted within a class; [SEP] included for encoders); " +
        "each the unweighted mean over the classes present of the per-class means";
}
