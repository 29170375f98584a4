using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Reports;
using Ctsft.Runs;
using Ctsft.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Ctsft.Tests.Reports;

/// <summary>
/// <c>ctsft report</c> on a real results folder of the tiny fixture: the tables hold the store's numbers (recomputed
/// here from the database), the JSON carries the status runs and the aggregates, the plots decode, and an empty,
/// pending, failed or mixed store says so.
/// </summary>
public class ReportTests(ReportStore store) : IClassFixture<ReportStore>
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly ReportOptions Fast = new() { Bootstrap = new BootstrapOptions(Resamples: 2000), Plots = false };

    private sealed record Row(string Target, int N, string Arm, int? Depth, ulong Seed, string Status, double? Target_, double? Proxy, JsonObject? Result);

    /// <summary>The results table, read straight from SQLite.</summary>
    private static List<Row> Rows(string folder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, ResultsStore.DatabaseFile)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT target, n, arm, depth, seed, status, target_accuracy, proxy_accuracy, result_json FROM results";
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
            rows.Add(new Row(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                ulong.Parse(reader.GetString(4), C), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : JsonNode.Parse(reader.GetString(8))!.AsObject()));
        return rows;
    }

    /// <summary>The seconds of every computed stage (cache hits left out), read straight from SQLite.</summary>
    private static double ComputedSeconds(string folder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, ResultsStore.DatabaseFile)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seconds, cached FROM stage_times";
        using var reader = command.ExecuteReader();
        var total = 0.0;
        while (reader.Read())
            if (!reader.IsDBNull(0) && reader.GetInt32(1) == 0) total += reader.GetDouble(0);
        return total;
    }

    private static (double Mean, double Std) MeanStd(IReadOnlyList<double> values)
    {
        var mean = values.Sum() / values.Count;
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }

    private static string Line(string markdown, string start) =>
        markdown.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void TheGridIsDoneAndTheTablesHoldTheStoresMeansAndStandardDeviations()
    {
        Assert.Equal(6, store.Summary.Done);
        var rows = Rows(store.Folder).Where(r => r.Status == ResultsStore.Done).ToList();
        var report = ExperimentReport.Build(store.Folder, Fast);
        var table = MarkdownReport.AccuracyTable(report, 0);
        foreach (var group in rows.GroupBy(r => (r.Target, r.N, r.Arm, r.Depth)))
        {
            var (mean, std) = MeanStd(group.Select(r => r.Target_!.Value).ToArray());
            var cell = report.Cell(group.Key.Target, group.Key.N, group.Key.Arm, group.Key.Depth)!;
            Assert.Equal(mean, cell.Test.Mean, 12);
            Assert.Equal(std, cell.Test.Std!.Value, 12);
            Assert.Contains(string.Create(C, $"| {mean:F3} ± {std:F3} |"), Line(table, $"| {group.Key.Target} | {group.Key.Arm} |"));
            var (proxyMean, _) = MeanStd(group.Select(r => r.Proxy!.Value).ToArray());
            Assert.Equal(proxyMean, cell.ProxyAfter!.Mean, 12);
            var change = group.Average(r => r.Proxy!.Value - r.Result!["metrics"]!["competence_proxy"]!["accuracy"]!.GetValue<double>());
            Assert.Equal(change, cell.ProxyChange!.Mean, 12);
        }
        var competence = rows.GroupBy(r => r.Seed).Select(g => g.First().Result!["metrics"]!["competence_proxy"]!["accuracy"]!.GetValue<double>()).ToArray();
        var (cMean, cStd) = MeanStd(competence);
        Assert.Contains(string.Create(C, $"| {cMean:F3} ± {cStd:F3} |"), Line(table, "| ind | competence checkpoint"));
        var a0 = rows.GroupBy(r => r.Seed).Select(g => g.First().Result!["metrics"]!["a0"]!["accuracy"]!.GetValue<double>()).ToArray();
        var (aMean, aStd) = MeanStd(a0);
        Assert.Contains(string.Create(C, $"| {aMean:F3} ± {aStd:F3} |"), Line(table, "| jav | A0"));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void AnotherModelsPaperColumnIsLabelledAsThePapersModelAndNeverSubtracted()
    {
        var table = MarkdownReport.AccuracyTable(ExperimentReport.Build(store.Folder, Fast), 0);
        Assert.Contains($"paper's model ({PaperNumbers.ModelLabel}), n = 25", table);
        Assert.DoesNotContain("Δ", table);
        // The paper's numbers of method.md 8: jav at n = 25, full FT 0.384; CT-SFT (circuit and nearzero, depth 2 only) 0.592; A0 0.581.
        Assert.EndsWith("| 0.384 |", Line(table, "| jav | full |").TrimEnd());
        Assert.EndsWith("| — |", Line(table, "| jav | circuit |").TrimEnd());
        Assert.EndsWith("| 0.581 |", Line(table, "| jav | A0").TrimEnd());
    }

    [Fact]
    public void InThePapersSettingThePapersNumberStandsBesideOursWithTheDifference()
    {
        var source = ReportSource.Read(store.Folder);
        var spec = source.Spec.DeepClone().AsObject();
        spec["model"] = PaperNumbers.Model;
        spec["proxy_n"] = "50";
        var report = ExperimentReport.Build(source with { Spec = spec }, Fast);
        Assert.True(report.PaperSetting);
        var full = report.Cell("jav", 25, "full", null)!.Test.Mean;
        var line = Line(MarkdownReport.AccuracyTable(report, 0), "| jav | full |");
        Assert.Contains(string.Create(C, $"0.384 (Δ {full - 0.384:+0.000;-0.000;0.000})"), line);
    }

    [Fact]
    public void EachArmIsComparedWithFullFineTuningOnTheSameTestPredictions()
    {
        var report = ExperimentReport.Build(store.Folder, Fast);
        var rows = Rows(store.Folder);
        Assert.Equal(["circuit", "nearzero"], report.Comparisons.Select(c => c.Arm));
        foreach (var comparison in report.Comparisons)
        {
            var result = comparison.Result!;
            Assert.Equal(2, result.Seeds);
            // From the predictions files directly: per seed, the share of test examples right, arm minus full.
            var differences = new[] { 31UL, 777UL }.Select(seed =>
            {
                double Accuracy(string arm)
                {
                    var json = rows.Single(r => r.Arm == arm && r.Seed == seed).Result!;
                    var lines = File.ReadLines(Path.Combine(json["metrics"]!["target_test"]!["folder"]!.GetValue<string>(), "predictions.jsonl"))
                        .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("correct").GetBoolean()).ToArray();
                    return lines.Count(c => c) / (double)lines.Length;
                }
                return Accuracy(comparison.Arm) - Accuracy("full");
            }).ToArray();
            Assert.Equal(differences.Average(), result.MeanDifference, 12);
            var stored = rows.Where(r => r.Arm == comparison.Arm).Average(r => r.Target_!.Value) - rows.Where(r => r.Arm == "full").Average(r => r.Target_!.Value);
            Assert.Equal(stored, result.MeanDifference, 12);
            Assert.InRange(result.MeanDifference, result.Lower, result.Upper);
            Assert.Equal(differences.Count(d => d > 0), result.Wins);
            Assert.Equal(differences.Count(d => d < 0), result.Losses);
        }
    }

    [Fact]
    public void TheCliWritesTheFolderAndItsJsonHasTheEnvelopeTheStatusRunsAndTheAggregates()
    {
        using var temp = new TempFolder();
        var outFolder = temp.File("report");
        var (code, output, error) = CliRunner.Run("report", store.Folder, "--out", outFolder, "--json", "--bootstrap-resamples", "500", "--bootstrap-seed", "7");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        foreach (var field in RunEnvelope.FieldNames) Assert.True(json.ContainsKey(field), field);
        Assert.Equal(ReportJson.Format, json["format"]!.GetValue<string>());
        Assert.Equal(500, json["settings"]!["bootstrap"]!["resamples"]!.GetValue<int>());
        Assert.Equal(7UL, json["settings"]!["bootstrap"]!["seed"]!.GetValue<ulong>());
        Assert.Contains("paired bootstrap", json["settings"]!["bootstrap"]!["scheme"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(ExperimentStatus.Read(store.Folder).ToJson()["runs"], json["runs"]));
        Assert.Equal(["target", "n", "arm", "depth", "seed", "status", "target_accuracy", "proxy_accuracy", "reason"],
            json["runs"]![0]!.AsObject().Select(p => p.Key));
        foreach (var key in new[] { "done", "failed", "pending", "warnings", "competence", "a0", "cells", "comparisons", "budgets", "discoveries", "paper", "selection" })
            Assert.True(json.ContainsKey(key), key);
        Assert.All(json.Select(p => p.Key), k => Assert.Equal(k.ToLowerInvariant(), k));
        Assert.Equal(6, json["done"]!.GetValue<int>());
        var cell = json["cells"]!.AsArray().Single(c => c!["arm"]!.GetValue<string>() == "full")!;
        var fullRows = Rows(store.Folder).Where(r => r.Arm == "full").ToArray();
        Assert.Equal(fullRows.Average(r => r.Target_!.Value), cell["test_accuracy"]!["mean"]!.GetValue<double>(), 12);
        Assert.Equal(2, json["comparisons"]!.AsArray().Count);
        Assert.All(json["comparisons"]!.AsArray(), c => Assert.True(c!["lower"]!.GetValue<double>() <= c["upper"]!.GetValue<double>()));
        Assert.Equal(File.ReadAllText(Path.Combine(outFolder, ReportWriter.JsonFile)).Trim(), output.Trim());
        Assert.Equal(ComputedSeconds(store.Folder), json["compute_seconds"]!.GetValue<double>(), 9);
        Assert.Contains(string.Create(C, $"Computing time recorded: {ComputedSeconds(store.Folder) / 3600:F2} h"), File.ReadAllText(Path.Combine(outFolder, ReportWriter.MarkdownFile)));
        Assert.Equal(json["outputs"]!.AsArray().Select(o => o!.GetValue<string>()).Order(), Directory.GetFiles(outFolder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void EveryPlotIsWrittenAndDecodesAsAnImageWithContent()
    {
        using var temp = new TempFolder();
        var report = ExperimentReport.Build(store.Folder, Fast with { Plots = true });
        var files = ReportWriter.Write(report, temp.File("report"));
        var expected = new[] { "accuracy-jav.png", "proxy-retention.png", "budget.png", "heatmap-seed31-depth0.png", "heatmap-seed777-depth0.png" };
        Assert.Equal(expected.Order(), files.Plots.Order());
        foreach (var plot in files.Plots)
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(Path.Combine(files.Folder, plot));
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 500 && bitmap.Height >= 300, plot);
            var colours = Enumerable.Range(0, 200).Select(i => bitmap.GetPixel(i * bitmap.Width / 200, i * bitmap.Height / 200)).Distinct().Count();
            Assert.True(colours > 3, $"{plot} looks blank");
            Assert.Contains($"]({plot})", File.ReadAllText(files.Markdown));
        }
        Assert.Equal(2, report.Discoveries.Count);
        Assert.All(report.Discoveries, d => Assert.Equal(Rows(store.Folder).Single(r => r.Arm == "circuit" && r.Seed == d.Seed).Result!["arm"]!["heads"]!.AsArray()
            .Select(h => h!.GetValue<string>()), d.Circuit));
    }

    [Fact]
    public void TheBudgetTableHoldsEachArmsCountsFromItsRuns()
    {
        var report = ExperimentReport.Build(store.Folder, Fast);
        foreach (var row in Rows(store.Folder).GroupBy(r => r.Arm))
        {
            var budget = report.Budgets.Single(b => b.Arm == row.Key);
            Assert.Equal(row.Max(r => r.Result!["budget"]!["distinct_trainable"]!.GetValue<long>()), budget.DistinctTrainable.Max);
            Assert.Equal(row.Min(r => r.Result!["budget"]!["paper_trainable"]!.GetValue<long>()), budget.PaperTrainable.Min);
            Assert.Equal(row.Max(r => r.Result!["arm"]!["heads"]!.AsArray().Count), budget.Heads.Max);
        }
        Assert.Contains("| circuit | 0 | 1 |", MarkdownReport.BudgetTable(report));
    }

    [Fact]
    public void AnArmThisBuildDoesNotKnowIsShownAfterTheKnownOnes()
    {
        var source = ReportSource.Read(store.Folder);
        var adapter = source.Runs.Where(r => r.Arm == "full").Select(r => r with { Arm = "zz-adapter", TargetAccuracy = r.TargetAccuracy - 0.01 });
        var report = ExperimentReport.Build(source with { Runs = [.. source.Runs, .. adapter] }, Fast);
        Assert.Equal(["full", "circuit", "nearzero", "zz-adapter"], report.Arms);
        Assert.Contains("| jav | zz-adapter |", MarkdownReport.AccuracyTable(report, 0));
        Assert.Contains(report.Comparisons, c => c.Arm == "zz-adapter" && c.Result is not null);
    }

    [Fact]
    public void TheValidationSelectionTakesTheBetterOfCircuitAndNearZeroOnValidationAndSaysSo()
    {
        var source = ReportSource.Read(store.Folder);
        ReportRun WithValidation(ReportRun run)
        {
            var json = run.Result!.DeepClone().AsObject();
            json["learning_rate"]!["candidates"]![0]!["validation_accuracy"] = run.Arm == "circuit" ? (run.Seed == 31 ? 0.9 : 0.1) : 0.5;
            return run with { Result = json };
        }
        var runs = source.Runs.Select(r => r.Arm == "full" ? r : WithValidation(r)).ToArray();
        var report = ExperimentReport.Build(source with { Runs = runs }, Fast with { Selection = CtSftSelection.Validation });
        var selected = report.Cell("jav", 25, ExperimentReport.SelectedArm, 0)!;
        var expected = new[] { runs.Single(r => r.Arm == "circuit" && r.Seed == 31), runs.Single(r => r.Arm == "nearzero" && r.Seed == 777) };
        Assert.Equal(expected.Select(r => r.TargetAccuracy!.Value), selected.Test.Values);
        Assert.Contains("validation accuracy", report.SelectionNote);
        Assert.Contains("No selection rule", ExperimentReport.Build(source, Fast).SelectionNote);
        var unsearched = ExperimentReport.Build(source, Fast with { Selection = CtSftSelection.Validation });
        Assert.Null(unsearched.Cell("jav", 25, ExperimentReport.SelectedArm, 0));
        Assert.Contains("2 of 2 pairs have no validation accuracy", unsearched.SelectionNote);
    }

    [Fact]
    public void AnEmptyStoreSaysSo()
    {
        using var temp = new TempFolder();
        using (ResultsStore.Open(temp.File("empty"), store.Spec)) { }
        var (code, output, error) = CliRunner.Run("report", temp.File("empty"), "--out", temp.File("report"));
        Assert.True(code == 0, error);
        Assert.Contains("no run is done yet", output);
        Assert.Contains("6 runs are still pending", output);
        var json = JsonNode.Parse(File.ReadAllText(temp.Combine("report", ReportWriter.JsonFile)))!;
        Assert.Equal(0, json["done"]!.GetValue<int>());
        Assert.Contains(json["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("no run is done yet"));
        Assert.Empty(json["cells"]!.AsArray());
    }

    [Fact]
    public void PendingAndFailedRunsAreSaidAndLeftOutOfTheNumbers()
    {
        using var temp = new TempFolder();
        var folder = store.CopyTo(temp);
        var cells = ExperimentGrid.Cells(store.Spec);
        var pending = cells.Single(c => c.Arm == Arm.Circuit && c.Seed == 777);
        var failed = cells.Single(c => c.Arm == Arm.Full && c.Seed == 777);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, ResultsStore.DatabaseFile)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM results WHERE cell = $cell OR cell = $failed";
            command.Parameters.AddWithValue("$cell", pending.Key);
            command.Parameters.AddWithValue("$failed", failed.Key);
            command.ExecuteNonQuery();
        }
        using (var open = ResultsStore.OpenExisting(folder)) open.RecordFailed(failed, "training stopped: non-finite loss at step 3");

        var report = ExperimentReport.Build(folder, Fast);
        var markdown = MarkdownReport.Render(report);
        Assert.Contains(report.Warnings, w => w.Contains("1 of 6 runs are still pending"));
        Assert.Contains(report.Warnings, w => w.Contains("1 of 6 runs failed") && w.Contains("non-finite loss"));
        Assert.Contains("> **Warning:** 1 of 6 runs are still pending", markdown);
        var full = report.Cell("jav", 25, "full", null)!;
        Assert.Equal([31UL], full.Test.Seeds);
        Assert.Contains("(1 of 2 seeds)", Line(MarkdownReport.AccuracyTable(report, 0), "| jav | full |"));
        var json = ReportJson.Build(report, []);
        Assert.Equal((1, 1), (json["failed"]!.GetValue<int>(), json["pending"]!.GetValue<int>()));
    }

    [Fact]
    public void AStoreMixingTwoSpecsSaysSoAndKeepsTheOtherSpecsRunsApart()
    {
        using var temp = new TempFolder();
        var folder = store.CopyTo(temp);
        var full = Rows(folder).First(r => r.Arm == "full");
        using (var open = ResultsStore.OpenExisting(folder))
            open.RecordDone(new GridCell("jav", 25, Arm.Full, null, 999), TransferResult.From(full.Result!));
        var report = ExperimentReport.Build(folder, Fast);
        Assert.Contains(report.Warnings, w => w.Contains("mixes specs") && w.Contains("jav/n25/full/d-/s999"));
        Assert.Single(report.Source.Foreign);
        Assert.DoesNotContain(999UL, report.Cell("jav", 25, "full", null)!.Test.Seeds);
        Assert.Contains("Recorded runs that are not cells of this spec", MarkdownReport.Render(report));
        Assert.Single(ReportJson.Build(report, [])["foreign_runs"]!.AsArray());
    }

    [Fact]
    public void ResultsOfAnotherModelInOneStoreAreNamedAsAMix()
    {
        var source = ReportSource.Read(store.Folder);
        var other = source.Runs.Select(r =>
        {
            if (r.Seed != 777) return r;
            var json = r.Result!.DeepClone().AsObject();
            json["model"]!["sha256"] = "0000";
            return r with { Result = json };
        }).ToArray();
        var rebuilt = ReportSource.Read(store.Folder);
        Assert.Empty(rebuilt.Warnings);
        Assert.Contains(ReportSource.Warn(source.Status, other, []), w => w.Contains("2 different settings"));
    }

    [Fact]
    public void ANonResultsFolderOrAnUnreadableDatabaseExitsWith2NamingThePathAndWritesNothing()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("plain"));
        var (code, _, error) = CliRunner.Run("report", temp.File("plain"));
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains(temp.File("plain"), error);
        Assert.False(Directory.Exists(temp.Combine("plain", "report")));

        var broken = temp.File("broken");
        Directory.CreateDirectory(broken);
        File.Copy(Path.Combine(store.Folder, ResultsStore.SpecFile), Path.Combine(broken, ResultsStore.SpecFile));
        File.WriteAllText(Path.Combine(broken, ResultsStore.DatabaseFile), new string('x', 4096));
        (code, _, error) = CliRunner.Run("report", broken);
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains(Path.Combine(broken, ResultsStore.DatabaseFile), error);
        Assert.False(Directory.Exists(Path.Combine(broken, "report")));

        (code, _, error) = CliRunner.Run("report", store.Folder, "--out", temp.File("r"), "--confidence", "1.5");
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains("--confidence", error);
        Assert.False(Directory.Exists(temp.File("r")));
    }
}
