namespace Ctsft.Reports;

/// <summary>
/// Values over seeds: their mean and sample standard deviation (n - 1 in the denominator; none for a single seed),
/// with the seeds they came from.
/// </summary>
public sealed record SeedSummary(IReadOnlyList<ulong> Seeds, IReadOnlyList<double> Values)
{
    public int Count => Values.Count;
    public double Mean => Values.Average();
    public double? Std => Count < 2 ? null : Math.Sqrt(Values.Sum(v => (v - Mean) * (v - Mean)) / (Count - 1));

    public static SeedSummary? Of(IEnumerable<(ulong Seed, double Value)> values)
    {
        var list = values.OrderBy(v => v.Seed).ToArray();
        return list.Length == 0 ? null : new SeedSummary(list.Select(v => v.Seed).ToArray(), list.Select(v => v.Value).ToArray());
    }
}
