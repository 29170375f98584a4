using Ctsft.Reproducibility;

namespace Ctsft.Reports;

/// <summary>One seed's paired outcomes on the shared test set: whether the arm and the baseline got each example right.</summary>
public sealed record PairedSeed(ulong Seed, IReadOnlyList<bool> Arm, IReadOnlyList<bool> Baseline)
{
    public double ArmAccuracy => Arm.Count(c => c) / (double)Arm.Count;
    public double BaselineAccuracy => Baseline.Count(c => c) / (double)Baseline.Count;
    public double Difference => ArmAccuracy - BaselineAccuracy;
}

/// <summary>An arm against the baseline: the mean accuracy difference over seeds, its interval, and seeds won / tied / lost.</summary>
public sealed record BootstrapResult(double MeanDifference, double Lower, double Upper, int Seeds, int Wins, int Ties, int Losses)
{
    /// <summary>Whether the interval leaves out zero (the gap is distinguishable from the noise of seeds and test examples).</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;
}

/// <summary>The paired bootstrap over seeds and test examples of <see cref="BootstrapOptions.Scheme"/>.</summary>
public static class PairedBootstrap
{
    public const string SeedPurpose = "reports/paired-bootstrap/";

    public static BootstrapResult Run(IReadOnlyList<PairedSeed> seeds, BootstrapOptions options, string comparison)
    {
        options.Validate();
        if (seeds.Count == 0) throw new ArgumentException("no paired seed", nameof(seeds));
        // Per seed, the per-example difference (arm right) - (baseline right) in {-1, 0, 1}: the same index for both arms.
        var differences = seeds.Select(s =>
        {
            if (s.Arm.Count != s.Baseline.Count || s.Arm.Count == 0)
                throw new ArgumentException($"seed {s.Seed}: {s.Arm.Count} and {s.Baseline.Count} predictions are not one shared test set");
            return s.Arm.Select((right, i) => (right ? 1 : 0) - (s.Baseline[i] ? 1 : 0)).ToArray();
        }).ToArray();
        var random = SeededRandom.For(options.Seed, SeedPurpose + comparison);
        var statistics = new double[options.Resamples];
        for (var b = 0; b < options.Resamples; b++)
        {
            var total = 0.0;
            for (var draw = 0; draw < differences.Length; draw++)
            {
                var d = differences[random.NextInt(differences.Length)];
                long sum = 0;
                for (var i = 0; i < d.Length; i++) sum += d[random.NextInt(d.Length)];
                total += sum / (double)d.Length;
            }
            statistics[b] = total / differences.Length;
        }
        Array.Sort(statistics);
        var (lower, upper) = NearestRankInterval(statistics, options.Confidence);
        var mean = seeds.Average(s => s.Difference);
        return new BootstrapResult(mean, lower, upper, seeds.Count,
            seeds.Count(s => s.ArmAccuracy > s.BaselineAccuracy), seeds.Count(s => s.ArmAccuracy == s.BaselineAccuracy),
            seeds.Count(s => s.ArmAccuracy < s.BaselineAccuracy));
    }

    /// <summary>The ceil(B (1 - c) / 2)-th and ceil(B (1 + c) / 2)-th smallest of B sorted values (1-based ranks).</summary>
    public static (double Lower, double Upper) NearestRankInterval(IReadOnlyList<double> sorted, double confidence)
    {
        var count = sorted.Count;
        int Rank(double p) => Math.Clamp((int)Math.Ceiling(count * p - 1e-9), 1, count);
        return (sorted[Rank((1 - confidence) / 2) - 1], sorted[Rank((1 + confidence) / 2) - 1]);
    }
}
