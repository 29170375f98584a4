using Ctsft.Reports;

namespace Ctsft.Tests.Reports;

public class SeedSummaryTests
{
    [Fact]
    public void TheStandardDeviationIsTheSampleOneOverSeeds()
    {
        // Mean 0.4; squared deviations 0.01 + 0.01 over n - 1 = 1: sd = sqrt(0.02) = 0.141421...
        var summary = SeedSummary.Of([(777UL, 0.5), (31UL, 0.3)])!;
        Assert.Equal(0.4, summary.Mean, 12);
        Assert.Equal(Math.Sqrt(0.02), summary.Std!.Value, 12);
        Assert.Equal([31UL, 777UL], summary.Seeds);
        Assert.Null(SeedSummary.Of([(31UL, 0.3)])!.Std);
        Assert.Null(SeedSummary.Of([]));
        Assert.Equal("0.400 ± 0.141", MarkdownReport.Summary(summary, 2));
        Assert.Equal("0.300 (1 of 2 seeds)", MarkdownReport.Summary(SeedSummary.Of([(31UL, 0.3)]), 2));
    }
}
