namespace Ctsft.Reports;

/// <summary>
/// The paired bootstrap's settings, recorded in every report: the number of resamples, the generator's seed and the
/// confidence level of the interval.
/// </summary>
public sealed record BootstrapOptions(int Resamples = 10_000, ulong Seed = 0, double Confidence = 0.95)
{
    public const string Scheme =
        "two-level paired bootstrap: each resample draws the seeds with replacement, then for each drawn seed draws its test " +
        "examples with replacement, using the same example indices for the arm and for continued full FT (they share the " +
        "test set); the statistic is the mean over the drawn seeds of (arm accuracy - full FT accuracy) on the drawn " +
        "examples; the interval is the nearest-rank percentile interval of the resampled statistics (lower: the " +
        "ceil(B (1 - c) / 2)-th smallest, upper: the ceil(B (1 + c) / 2)-th smallest of B); each comparison has its own " +
        "generator, SplitMix64 seeded with the sub-seed of the bootstrap seed for the comparison's name";

    public void Validate()
    {
        if (Resamples < 1) throw new BadSettingException("bootstrap_resamples", $"{{bootstrap_resamples}}: {Resamples} is not a number of resamples; give at least 1");
        if (!(Confidence > 0 && Confidence < 1)) throw new BadSettingException("confidence", $"{{confidence}}: {Confidence} is not a level between 0 and 1");
    }
}
