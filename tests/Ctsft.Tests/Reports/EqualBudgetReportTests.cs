using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Reports;

namespace Ctsft.Tests.Reports;

/// <summary>
/// A report over a real grid with the lora arm (tiny-bert, ind -> jav, n 25, full, circuit and lora at depth 0, two seeds)
/// compares CT-SFT with LoRA at the circuit's budget on the shared test predictions, beside the comparisons with full FT.
/// </summary>
public class EqualBudgetReportTests
{
    private static readonly ReportOptions Fast = new() { Bootstrap = new BootstrapOptions(Resamples: 2000), Plots = false };

    [Fact]
    public void CtSftIsComparedWithLoraAtTheCircuitsBudgetOnTheSameTestPredictions()
    {
        using var temp = new TempFolder();
        var json = ReportStore.SpecJson();
        json["arms"] = new JsonArray("full", "circuit", "lora");
        var spec = ExperimentSpecReader.Parse(json, StageExecutor.Default).Spec!;
        var folder = temp.File("results");
        Assert.Equal(6, ExperimentRunner.Run(spec, folder, new ExperimentOptions(Shard.Whole), StageExecutor.Default).Done);

        var report = ExperimentReport.Build(folder, Fast);
        var againstLora = Assert.Single(report.Comparisons, c => c.Against == ArmOrder.EqualBudget);
        Assert.Equal(("circuit", (int?)0), (againstLora.Arm, againstLora.Depth));
        Assert.Equal(["circuit", "lora"], report.Comparisons.Where(c => c.Against == ArmOrder.Baseline).Select(c => c.Arm));

        var runs = ReportSource.Read(folder).Runs;
        double Accuracy(string arm, ulong seed)
        {
            var result = runs.Single(r => r.Arm == arm && r.Seed == seed).Result!;
            var correct = File.ReadLines(Path.Combine(result["metrics"]!["target_test"]!["folder"]!.GetValue<string>(), "predictions.jsonl"))
                .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("correct").GetBoolean()).ToArray();
            return correct.Count(c => c) / (double)correct.Length;
        }
        var differences = spec.Seeds.Select(seed => Accuracy("circuit", seed) - Accuracy("lora", seed)).ToArray();
        var result = againstLora.Result!;
        Assert.Equal(2, result.Seeds);
        Assert.Equal(differences.Average(), result.MeanDifference, 12);
        Assert.InRange(result.MeanDifference, result.Lower, result.Upper);
        Assert.Equal(differences.Count(d => d > 0), result.Wins);
        Assert.Equal(differences.Count(d => d < 0), result.Losses);

        var markdown = MarkdownReport.Render(report);
        var section = markdown[markdown.IndexOf("## CT-SFT against LoRA at the circuit's budget", StringComparison.Ordinal)..];
        Assert.Contains("| jav | 25 | circuit | 0 |", section);
        var jsonComparisons = ReportJson.Build(report, [])["comparisons"]!.AsArray();
        Assert.Single(jsonComparisons, c => c!["against"]!.GetValue<string>() == "lora" && c["arm"]!.GetValue<string>() == "circuit"
                                            && c["mean_difference"]!.GetValue<double>() == result.MeanDifference);
    }
}
