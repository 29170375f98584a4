using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Reports;
using Ctsft.Tests.Cli;
using Ctsft.Tests.Reports;

namespace Ctsft.Tests.Experiments;

/// <summary>
/// <c>ctsft experiment export</c> / <c>import</c> on a real results folder of the tiny fixture: the exported text carries
/// every row, prediction and circuit a report reads and no model weights; imported on its own into a new folder, it gives
/// the same status and report, and a run of the same grid there computes nothing.
/// </summary>
public class PortableResultsTests(ReportStore store) : IClassFixture<ReportStore>
{
    private static readonly ReportOptions Fast = new() { Bootstrap = new BootstrapOptions(Resamples: 500), Plots = false };

    /// <summary>A results folder imported from an export of a copy of the store; the copy and the export are gone after.</summary>
    private string ImportedAlone(TempFolder temp)
    {
        var copy = store.CopyTo(temp);
        var exported = temp.File("exported");
        PortableResults.Export(copy, exported);
        var imported = temp.File("imported");
        PortableResults.Import(exported, imported);
        Directory.Delete(copy, recursive: true);
        Directory.Delete(exported, recursive: true);
        return imported;
    }

    [Fact]
    public void TheExportHoldsEveryRecordedRowInGridOrderWithItsResultAndStageTimesAndNoModelWeights()
    {
        using var temp = new TempFolder();
        var summary = PortableResults.Export(store.Folder, temp.File("exported"));
        var lines = File.ReadAllLines(temp.Combine("exported", PortableResults.RunsFile));
        var status = ExperimentStatus.Read(store.Folder);
        Assert.Equal(status.Runs.Count(r => r.Status is ResultsStore.Done or ResultsStore.Failed), lines.Length);
        Assert.Equal(lines.Length, summary.Rows);
        var cells = lines.Select(l => JsonNode.Parse(l)!["cell"]!.GetValue<string>()).ToArray();
        Assert.Equal(status.Runs.Select(r => r.Cell.Key), cells);
        using var open = ResultsStore.OpenExisting(store.Folder);
        foreach (var line in lines)
        {
            var row = JsonNode.Parse(line)!.AsObject();
            var record = open.All()[row["cell"]!.GetValue<string>()];
            Assert.Equal(record.TargetAccuracy, row["target_accuracy"]!.GetValue<double>());
            Assert.Equal(JsonNode.Parse(record.ResultJson!)!.ToJsonString(), row["result"]!.ToJsonString());
            Assert.NotEmpty(row["stage_times"]!.AsArray());
        }
        var files = Directory.GetFiles(temp.File("exported"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => f.EndsWith(".safetensors", StringComparison.Ordinal));
        Assert.Equal(PortableResults.CacheKinds.Order(), Directory.GetDirectories(temp.Combine("exported", ResultsStore.CacheFolder)).Select(Path.GetFileName).Order());
        Assert.True(summary.CacheEntries > 0);
    }

    [Fact]
    public void AnImportedExportAloneGivesTheSameStatusAndReportAsTheStore()
    {
        using var temp = new TempFolder();
        var imported = ImportedAlone(temp);
        var before = ExperimentStatus.Read(store.Folder);
        var after = ExperimentStatus.Read(imported);
        Assert.Equal(before.RunsJson().ToJsonString(), after.RunsJson().ToJsonString());
        Assert.Equal(before.StageSeconds.OrderBy(p => p.Key), after.StageSeconds.OrderBy(p => p.Key));

        foreach (var run in ReportSource.Read(imported).Runs.Where(r => r.Result is not null))
        {
            var recorded = run.Result!["metrics"]!["target_test"]!["folder"]!.GetValue<string>();
            Assert.True(Directory.Exists(Path.Combine(imported, ResultsStore.CacheFolder, "eval", Path.GetFileName(recorded))), $"{run.Key}: its test predictions were not imported");
            Assert.True(File.Exists(Path.Combine(imported, ResultsStore.CacheFolder, "discovery",
                Path.GetFileName(run.Result["discovery"]?["folder"]?.GetValue<string>() ?? "none"), "circuit.json")) || run.Result["discovery"] is null);
        }
        var original = ExperimentReport.Build(store.Folder, Fast);
        var moved = ExperimentReport.Build(imported, Fast);
        Assert.Empty(moved.Warnings);
        Assert.Equal(original.Comparisons.Count, moved.Comparisons.Count);
        foreach (var (a, b) in original.Comparisons.Zip(moved.Comparisons))
        {
            Assert.Null(b.Missing);
            Assert.Equal(a.Result, b.Result);
        }
        Assert.Equal(MarkdownReport.AccuracyTable(original, 0), MarkdownReport.AccuracyTable(moved, 0));
    }

    [Fact]
    public void TheSameGridRunInAnImportedFolderComputesNothingAndASecondImportRecordsNothing()
    {
        using var temp = new TempFolder();
        var imported = ImportedAlone(temp);
        var summary = ExperimentRunner.Run(store.Spec, imported, new ExperimentOptions(Shard.Whole), StageExecutor.Default);
        Assert.Equal(0, summary.Done);
        Assert.Equal(summary.Cells, summary.AlreadyRecorded);

        PortableResults.Export(imported, temp.File("again"));
        var second = PortableResults.Import(temp.File("again"), imported);
        Assert.Equal(0, second.Recorded);
        Assert.Equal(second.Rows, second.Skipped);
        Assert.Equal(0, second.CacheEntries);
    }

    [Fact]
    public void AnImportFillsOnlyTheCellsAFolderLacksAndADoneCellIsNeverReplaced()
    {
        using var temp = new TempFolder();
        var exported = temp.File("exported");
        PortableResults.Export(store.Folder, exported);
        var lines = File.ReadAllLines(Path.Combine(exported, PortableResults.RunsFile));
        var first = JsonNode.Parse(lines[0])!.AsObject();
        var partial = temp.File("partial");
        Directory.CreateDirectory(partial);
        File.Copy(Path.Combine(exported, ResultsStore.SpecFile), Path.Combine(partial, ResultsStore.SpecFile));
        var changed = first.DeepClone().AsObject();
        changed["target_accuracy"] = 0.125;
        File.WriteAllText(Path.Combine(partial, PortableResults.RunsFile), changed.ToJsonString() + "\n");
        var folder = temp.File("results");
        Assert.Equal(1, PortableResults.Import(partial, folder).Recorded);

        var all = PortableResults.Import(exported, folder);
        Assert.Equal(lines.Length - 1, all.Recorded);
        Assert.Equal(1, all.Skipped);
        using var open = ResultsStore.OpenExisting(folder);
        Assert.Equal(0.125, open.All()[first["cell"]!.GetValue<string>()].TargetAccuracy);
        Assert.Equal(lines.Length, open.All().Count);
    }

    [Fact]
    public void AMalformedExportIsRefusedNamingTheFileAndLineAndRecordsNothing()
    {
        using var temp = new TempFolder();
        var exported = temp.File("exported");
        PortableResults.Export(store.Folder, exported);
        var runs = Path.Combine(exported, PortableResults.RunsFile);
        var lines = File.ReadAllLines(runs);
        var wrongCell = JsonNode.Parse(lines[1])!.AsObject();
        wrongCell["seed"] = "12345";
        foreach (var (bad, expected) in new[] { ("{not json", "not valid JSON"), (wrongCell.ToJsonString(), "does not match"), ("{\"cell\": 3}", "wrong type") })
        {
            File.WriteAllLines(runs, [lines[0], bad, .. lines.Skip(2)]);
            var folder = temp.File("results-" + Guid.NewGuid().ToString("N"));
            var (code, _, error) = CliRunner.Run("experiment", "import", exported, "--into", folder);
            Assert.Equal(BadInputException.ExitCode, code);
            Assert.Contains($"{runs}: line 2", error);
            Assert.Contains(expected, error);
            Assert.False(Directory.Exists(folder));
        }
    }

    [Fact]
    public void ACacheEntryWhoseKeyIsNotItsOwnIsRefusedNamingItsKeyFileAndRecordsNothing()
    {
        using var temp = new TempFolder();
        var exported = temp.File("exported");
        PortableResults.Export(store.Folder, exported);
        var entries = Directory.GetDirectories(Path.Combine(exported, ResultsStore.CacheFolder, "eval")).Order(StringComparer.Ordinal).ToArray();
        var keyFile = Path.Combine(entries[0], StageCache.KeyFile);
        var original = File.ReadAllText(keyFile);
        var otherHash = JsonNode.Parse(File.ReadAllText(Path.Combine(entries[1], StageCache.KeyFile)))!["hash"]!.GetValue<string>();
        var namesAnother = JsonNode.Parse(original)!.AsObject();
        namesAnother["hash"] = otherHash;
        var editedInputs = JsonNode.Parse(original)!.AsObject();
        editedInputs["inputs"]!["split"] = "edited";
        foreach (var (bad, expected) in new[] { (namesAnother, "not the folder it is in"), (editedInputs, "its inputs hash to") })
        {
            File.WriteAllText(keyFile, bad.ToJsonString());
            var folder = temp.File("results-" + Guid.NewGuid().ToString("N"));
            var (code, _, error) = CliRunner.Run("experiment", "import", exported, "--into", folder);
            Assert.Equal(BadInputException.ExitCode, code);
            Assert.Contains(keyFile, error);
            Assert.Contains(expected, error);
            Assert.False(Directory.Exists(folder));
        }
        File.WriteAllText(keyFile, original);
        Assert.Equal(0, CliRunner.Run("experiment", "import", exported, "--into", temp.File("results")).ExitCode);
    }

    [Fact]
    public void AFolderOfAnotherSpecIsRefusedNamingIntoAndAnExportNeverOverwritesAnotherFolder()
    {
        using var temp = new TempFolder();
        var exported = temp.File("exported");
        var (code, output, _) = CliRunner.Run("experiment", "export", store.Folder, "--out", exported);
        Assert.Equal(0, code);
        Assert.Contains("written to", output);

        var otherJson = ReportStore.SpecJson();
        otherJson["seeds"] = new JsonArray(5);
        var other = ExperimentSpecReader.Parse(otherJson, StageExecutor.Default).Spec!;
        var otherFolder = temp.File("other");
        ResultsStore.Open(otherFolder, other).Dispose();
        string error;
        (code, _, error) = CliRunner.Run("experiment", "import", exported, "--into", otherFolder);
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains("--into", error);
        Assert.Contains("another spec", error);
        using (var open = ResultsStore.OpenExisting(otherFolder)) Assert.Empty(open.All());

        var occupied = temp.File("occupied", "keep me");
        (code, _, error) = CliRunner.Run("experiment", "export", store.Folder, "--out", Path.GetDirectoryName(occupied)!);
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains("--out", error);
        Assert.Equal("keep me", File.ReadAllText(occupied));

        (code, _, error) = CliRunner.Run("experiment", "import", temp.File("nowhere"), "--into", temp.File("new"));
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains(temp.File("nowhere"), error);
    }
}
