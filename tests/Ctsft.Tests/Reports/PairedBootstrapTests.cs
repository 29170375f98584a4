using Ctsft.Reports;

namespace Ctsft.Tests.Reports;

/// <summary>
/// The paired bootstrap against hand computations: on tiny cases the bootstrap distribution of the statistic can be
/// enumerated exactly, and with 10,000 resamples the nearest-rank percentiles fall on the exact distribution's
/// quantiles (each case keeps the cumulative probabilities well away from 2.5% and 97.5%).
/// </summary>
public class PairedBootstrapTests
{
    private static bool[] B(string pattern) => pattern.Select(c => c == '1').ToArray();

    private static BootstrapResult Run(params PairedSeed[] seeds) => PairedBootstrap.Run(seeds, new BootstrapOptions(), "test");

    [Fact]
    public void OneSeedOfTenExamplesHalfWonGivesTheBinomialQuantiles()
    {
        // Per-example differences: five +1 and five 0. A resample's mean difference is K/10 with K ~ Binomial(10, 1/2):
        // P(K <= 1) = 11/1024 = 0.0107 < 0.025 <= P(K <= 2) = 56/1024 = 0.0547, so the lower bound is 0.2;
        // P(K <= 7) = 968/1024 = 0.9453 < 0.975 <= P(K <= 8) = 1013/1024 = 0.9893, so the upper bound is 0.8.
        var result = Run(new PairedSeed(1, B("1111100000"), B("0000000000")));
        Assert.Equal(0.5, result.MeanDifference, 12);
        Assert.Equal(0.2, result.Lower, 12);
        Assert.Equal(0.8, result.Upper, 12);
        Assert.Equal((1, 0, 0, 1), (result.Wins, result.Ties, result.Losses, result.Seeds));
        Assert.True(result.ExcludesZero);
    }

    [Fact]
    public void ExamplesAreResampledWithinASeed()
    {
        // Differences +1, 0, 0 (the arm right on example 0, both right on 1, both wrong on 2): K/3 with K ~ Binomial(3, 1/3):
        // P(K = 0) = 8/27 = 0.296 (lower bound 0); P(K <= 2) = 26/27 = 0.963 < 0.975 (upper bound 1).
        var result = Run(new PairedSeed(1, B("110"), B("010")));
        Assert.Equal(1 / 3.0, result.MeanDifference, 12);
        Assert.Equal(0, result.Lower, 12);
        Assert.Equal(1, result.Upper, 12);
        Assert.False(result.ExcludesZero);
    }

    [Fact]
    public void SeedsAreResampled()
    {
        // Seed 1: the arm wins every example (difference 1); seed 2: a tie (difference 0). Resampling the two seeds gives
        // 1 (1/4), 0.5 (1/2) or 0 (1/4): bounds 0 and 1. Without the seed level the interval would be [0.5, 0.5].
        var result = Run(new PairedSeed(1, B("11"), B("00")), new PairedSeed(2, B("10"), B("10")));
        Assert.Equal(0.5, result.MeanDifference, 12);
        Assert.Equal((0.0, 1.0), (result.Lower, result.Upper));
        Assert.Equal((1, 1, 0), (result.Wins, result.Ties, result.Losses));
    }

    [Fact]
    public void BothArmsTakeTheSameExampleIndices()
    {
        // The arms agree on every example: paired resampling gives a difference of exactly 0 in every resample
        // (independent resampling of the two arms would not).
        var result = Run(new PairedSeed(1, B("1101001011"), B("1101001011")), new PairedSeed(2, B("0011101000"), B("0011101000")));
        Assert.Equal((0.0, 0.0, 0.0), (result.MeanDifference, result.Lower, result.Upper));
        Assert.Equal(2, result.Ties);
    }

    [Fact]
    public void TheSameSeedAndComparisonGiveTheSameIntervalAndAnotherSeedCanDiffer()
    {
        var seeds = new[] { new PairedSeed(1, B("1101001011"), B("0100011010")), new PairedSeed(2, B("0011101000"), B("1010100010")) };
        var options = new BootstrapOptions(Resamples: 200, Seed: 5);
        var first = PairedBootstrap.Run(seeds, options, "jav/n25/circuit/d2");
        Assert.Equal(first, PairedBootstrap.Run(seeds, options, "jav/n25/circuit/d2"));
        var others = Enumerable.Range(6, 5).Select(s => PairedBootstrap.Run(seeds, options with { Seed = (ulong)s }, "jav/n25/circuit/d2"));
        Assert.Contains(others, o => (o.Lower, o.Upper) != (first.Lower, first.Upper));
    }

    [Fact]
    public void TheNearestRankIntervalTakesTheCeilingRanks()
    {
        var sorted = Enumerable.Range(1, 40).Select(i => (double)i).ToArray();
        // ceil(40 x 0.025) = 1st, ceil(40 x 0.975) = 39th.
        Assert.Equal((1.0, 39.0), PairedBootstrap.NearestRankInterval(sorted, 0.95));
        // ceil(40 x 0.05) = 2nd, ceil(40 x 0.95) = 38th.
        Assert.Equal((2.0, 38.0), PairedBootstrap.NearestRankInterval(sorted, 0.90));
    }

    [Fact]
    public void BadOptionsNameTheSetting()
    {
        var seed = new PairedSeed(1, B("1"), B("0"));
        Assert.Contains("bootstrap_resamples", Assert.Throws<BadSettingException>(() => PairedBootstrap.Run([seed], new BootstrapOptions(Resamples: 0), "x")).Message);
        Assert.Contains("confidence", Assert.Throws<BadSettingException>(() => PairedBootstrap.Run([seed], new BootstrapOptions(Confidence: 1), "x")).Message);
    }
}
