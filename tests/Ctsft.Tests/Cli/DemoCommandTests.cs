using System.Text.Json.Nodes;
using Ctsft.Cli.Commands;
using Ctsft.Data.Acquisition;
using Ctsft.Experiments;
using Ctsft.Models;
using Ctsft.Tests.Data;

namespace Ctsft.Tests.Cli;

/// <summary>
/// <c>ctsft demo</c> end to end on a tiny fixture (the embedded MiniLM takes minutes; the README records its time):
/// NusaX downloaded from a loopback server, the <c>minilm-demo</c> grid run, the findings printed, and a second demo
/// reusing everything.
/// </summary>
public class DemoCommandTests
{
    private static readonly string Model = SharedFolder.Fixture("tiny-bert");

    private static int DeepestDepth => Math.Min(2, ModelFactory.ReadConfig(Path.Combine(Model, "config.json")).NumLayers - 1);

    private static Dictionary<string, byte[]> NusaxUpstream() => NusaxManifest.Files.ToDictionary(
        e => "nusax/" + NusaxAcquisition.UpstreamPath(e), e => File.ReadAllBytes(Path.Combine(SharedFolder.Data, "nusax-senti", e.Path)));

    [Fact]
    public void TheDemoDownloadsTheDataRunsTheGridSaysWhatItShowsAndASecondDemoReusesEverything()
    {
        using var server = new LoopbackFileServer(NusaxUpstream());
        using var temp = new TempFolder();
        string[] args = ["demo", "--model", Model, "--depth", DeepestDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--data-dir", temp.File("data"), "--data-source", server.Address("nusax/").ToString(), "--out", temp.File("demo")];

        var (code, output, error) = CliRunner.Run(args);

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(temp.File("data"), "nusax-senti", "jav", "train.csv")));
        var preset = ExperimentPresets.Get(DemoCommand.Preset)!;
        var status = ExperimentStatus.Read(temp.File("demo"));
        var expectedCells = preset["n"]!.AsArray().Count * preset["arms"]!.AsArray().Count;
        Assert.Equal(expectedCells, status.Done);
        Assert.Equal(0, status.Pending + status.Failed);
        var lines = output.Split('\n');
        foreach (var run in status.Runs)
        {
            var line = Assert.Single(lines, l => l.StartsWith($"ind -> jav, n = {run.Cell.N} ", StringComparison.Ordinal));
            var accuracy = run.TargetAccuracy!.Value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Matches($@"(accuracy|;) {run.Cell.Arm.Name()}( \([^)]*\))? {System.Text.RegularExpressions.Regex.Escape(accuracy)}", line);
        }
        Assert.Contains("Qwen2.5-0.5B", output);

        var requests = server.Requests;
        var again = CliRunner.Run(args);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(requests, server.Requests);
        Assert.Contains($"0 done now, 0 failed, {expectedCells} already recorded", again.Output);
        Assert.DoesNotContain("stage 1: ind", again.Error);
    }

    [Fact]
    public void WithoutTheDataAndWithoutAWayToDownloadItTheDemoSaysWhatToDoAndWritesNothing()
    {
        using var server = new LoopbackFileServer(new Dictionary<string, byte[]>());
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("demo", "--data-dir", temp.File("data"), "--data-source", server.Address("nusax/").ToString(), "--out", temp.File("demo"));
        Assert.Equal(BadInputException.ExitCode, code);
        foreach (var expected in new[] { Path.Combine(temp.File("data"), "nusax-senti"), "ctsft data get nusax", "--data-dir", DataDirectory.EnvironmentVariable })
            Assert.Contains(expected, error);
        Assert.False(Directory.Exists(temp.File("demo")));
    }
}
