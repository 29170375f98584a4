namespace Ctsft.Reports;

/// <summary>One (target, n, arm, depth) of a report: test accuracy and proxy accuracy after stage 2 over seeds, with the paper's numbers when it has them.</summary>
public sealed record ArmCell(string Target, int N, string Arm, int? Depth, SeedSummary Test, SeedSummary? ProxyAfter, SeedSummary? ProxyChange,
    PaperValue? PaperTest, PaperValue? PaperProxyAfter);

/// <summary>
/// An arm against another at one (target, n[, depth]): continued full FT, or for CT-SFT also LoRA at the circuit's budget.
/// The paired bootstrap, or why there is none.
/// </summary>
public sealed record Comparison(string Target, int N, string Arm, int? Depth, BootstrapResult? Result, string? Missing, string Against = ArmOrder.Baseline)
{
    /// <summary>Names the comparison's bootstrap generator (a comparison against full FT keeps the name it always had).</summary>
    public string Name => $"{Target}/n{N}/{Arm}/d{(Depth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}" +
                          (Against == ArmOrder.Baseline ? "" : $"/against-{Against}");
}

/// <summary>What an arm trains (at a depth), over its runs: heads, the paper's count and the distinct count (min and max over runs).</summary>
public sealed record BudgetRow(string Arm, int? Depth, (int Min, int Max) Heads, (long Min, long Max) PaperTrainable, long PaperTotal,
    (long Min, long Max) DistinctTrainable, long DistinctTotal)
{
    public double PaperPercentMin => 100.0 * PaperTrainable.Min / PaperTotal;
    public double PaperPercentMax => 100.0 * PaperTrainable.Max / PaperTotal;
    public double DistinctPercentMin => 100.0 * DistinctTrainable.Min / DistinctTotal;
    public double DistinctPercentMax => 100.0 * DistinctTrainable.Max / DistinctTotal;
}

/// <summary>One discovery (one competence checkpoint, so one seed): its circuit.json and the circuit at a reported depth.</summary>
public sealed record DiscoveryView(ulong Seed, int Depth, int DepthReached, string CircuitFile, IReadOnlyList<string> Circuit);
