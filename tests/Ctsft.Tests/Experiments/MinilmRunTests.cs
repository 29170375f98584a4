using System.Text.Json.Nodes;
using Ctsft.Tests.Cli;

namespace Ctsft.Tests.Experiments;

/// <summary>One real transfer on the embedded MiniLM, kept short (50 stage-1 examples, n 25, a small discovery).</summary>
public class MinilmRunTests
{
    [Fact]
    public void ARealMinilmTransferWritesItsResultAndReusesItsStagesTheSecondTime()
    {
        using var temp = new TempFolder();
        string[] Arguments(string arm, string output) =>
            ["run", "minilm", "--target", "jav", "--n", "25", "--arm", arm, "--depth", "0", "--per-iteration", "3", "--proxy-n", "50",
             "--mean-size", "12", "--discovery-size", "6", "--lr", "5e-4", "--data-dir", SharedFolder.Data, "--cache", temp.File("cache"),
             "--out", temp.File(output), "--json"];
        var run = CtsftProcess.Run(Arguments("circuit", "circuit"));
        Assert.True(run.ExitCode == 0, run.Error);
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.File("circuit"), "result.json")))!;
        Assert.Equal(3, result["arm"]!["heads"]!.AsArray().Count);
        Assert.InRange(result["metrics"]!["target_test"]!["accuracy"]!.GetValue<double>(), 0, 1);
        Assert.Equal(400, result["metrics"]!["target_test"]!["metrics"]!["examples"]!.GetValue<int>());
        Assert.True(result["timings_seconds"]!["discovery"]!.GetValue<double>() > 0);

        var again = CtsftProcess.Run(Arguments("circuit", "again"));
        Assert.True(again.ExitCode == 0, again.Error);
        var second = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.File("again"), "result.json")))!;
        Assert.Equal(result["metrics"]!["target_test"]!["metrics"]!.ToJsonString(), second["metrics"]!["target_test"]!["metrics"]!.ToJsonString());
        Assert.True(second["timings_seconds"]!["total"]!.GetValue<double>() < result["timings_seconds"]!["total"]!.GetValue<double>() / 3);
    }
}
