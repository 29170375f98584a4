using Ctsft.Experiments;

namespace Ctsft.Reports;

/// <summary>
/// The order arms appear in a report: the arms this build knows in their fixed order (<see cref="Arms.All"/>), then
/// any other arm name found in a store (written by a build with more arms), alphabetically. Arms are strings here,
/// so a report shows every arm a store holds without knowing it.
/// </summary>
public static class ArmOrder
{
    public static IReadOnlyList<string> Sort(IEnumerable<string> arms)
    {
        var known = Arms.All.Select(a => a.Name()).ToList();
        return arms.Distinct(StringComparer.Ordinal)
            .OrderBy(a => known.IndexOf(a) is var i and >= 0 ? i : known.Count)
            .ThenBy(a => a, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The head arms reported as CT-SFT by the paper (method.md 8: Circuit and NearZero, reported separately here).</summary>
    public static bool IsCtSft(string arm) => arm is "circuit" or "nearzero";

    public const string Baseline = "full";

    /// <summary>The arm CT-SFT is also compared with: LoRA matched to the circuit's trainable budget (issue 13).</summary>
    public const string EqualBudget = "lora";
}
