using System.Diagnostics;
using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Ctsft.Tests.Experiments;

/// <summary>
/// The real ctsft program on a tiny fixture and real NusaX data: a run killed (kill -9) during each stage and started
/// again ends with the store of an uninterrupted run; two shards running at once on one folder cover the grid once.
/// </summary>
public class ExperimentProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

    private static string Spec(TempFolder temp, params string[] targets)
    {
        var spec = new JsonObject
        {
            ["model"] = SharedFolder.Fixture("tiny-bert"), ["task"] = "nusax", ["proxy"] = "ind",
            ["targets"] = new JsonArray(targets.Select(t => (JsonNode?)t).ToArray()), ["n"] = new JsonArray(25),
            ["arms"] = new JsonArray("circuit"), ["depths"] = new JsonArray(0), ["seeds"] = new JsonArray(31), ["per_iteration"] = 1,
            ["data_dir"] = SharedFolder.Data,
        };
        var path = temp.File($"spec-{string.Join("-", targets)}.json");
        File.WriteAllText(path, spec.ToJsonString());
        return path;
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ctsft.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Finish(Process process)
    {
        Assert.True(process.WaitForExit(Patience), "ctsft did not finish");
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>The stage a process is in right now, from the store's stage rows (started, not finished).</summary>
    private static string? RunningStage(string folder)
    {
        var db = Path.Combine(folder, ResultsStore.DatabaseFile);
        if (!File.Exists(db)) return null;
        try
        {
            using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT stage FROM stage_times WHERE seconds IS NULL ORDER BY id DESC LIMIT 1";
            return command.ExecuteScalar() as string;
        }
        catch (SqliteException) { return null; } // the tables are not created yet
    }

    private static Dictionary<string, (string Status, double? Target, double? Proxy, string Metrics)> Results(string folder)
    {
        using var store = ResultsStore.OpenExisting(folder);
        return store.All().ToDictionary(p => p.Key, p =>
        {
            var json = p.Value.ResultJson is null ? null : JsonNode.Parse(p.Value.ResultJson)!;
            var metrics = json is null ? "" : string.Join(";", new[] { "a0", "competence_proxy", "target_test", "proxy_test" }
                .Select(m => MetricsWithoutEnvelope(json["metrics"]![m]!["metrics"]!)).Append(json["arm"]!["heads"]!.ToJsonString()));
            return (p.Value.Status, p.Value.TargetAccuracy, p.Value.ProxyAccuracy, metrics);
        });
    }

    /// <summary>The numbers of a metrics.json: its run envelope (creation time, paths of this run's folders) differs between runs.</summary>
    private static string MetricsWithoutEnvelope(JsonNode metrics)
    {
        var numbers = metrics.DeepClone().AsObject();
        foreach (var key in new[] { "format", "format_version", "kind", "tool_version", "git_commit", "created_utc", "status", "settings", "inputs", "outputs" })
            numbers.Remove(key);
        Assert.NotEmpty(numbers);
        return numbers.ToJsonString();
    }

    [Fact]
    public void ARunKilledDuringEveryStageEndsWithTheStoreOfAnUninterruptedRun()
    {
        using var temp = new TempFolder();
        var spec = Spec(temp, "jav");
        var reference = temp.File("reference");
        Finish(Start("experiment", spec, "--out", reference));

        var killed = temp.File("killed");
        var killedIn = new List<string>();
        foreach (var stage in new[] { TransferStages.Stage1, TransferStages.Discovery, TransferStages.Stage2, TransferStages.Evaluation })
        {
            using var process = Start("experiment", spec, "--out", killed);
            while (!process.HasExited && RunningStage(killed) != stage) Thread.Sleep(20);
            if (process.HasExited) continue; // the stage was already cached: nothing left to interrupt there
            process.Kill(entireProcessTree: true); // SIGKILL
            process.WaitForExit();
            killedIn.Add(stage);
        }
        Finish(Start("experiment", spec, "--out", killed));

        Assert.Contains(TransferStages.Stage1, killedIn);
        Assert.True(killedIn.Count >= 2, $"killed only in {string.Join(", ", killedIn)}");
        var expected = Results(reference);
        var actual = Results(killed);
        Assert.Single(expected);
        Assert.Equal(expected, actual);
        Assert.Equal(ResultsStore.Done, actual.Values.Single().Status);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(killed, ResultsStore.CacheFolder), ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public void TwoShardsRunningAtOnceOnOneFolderCoverTheGridOnceAndShareTheirCaches()
    {
        using var temp = new TempFolder();
        var spec = Spec(temp, "jav", "sun");
        var folder = temp.File("results");
        using var first = Start("experiment", spec, "--out", folder, "--shard", "0/2");
        using var second = Start("experiment", spec, "--out", folder, "--shard", "1/2");
        Finish(first);
        Finish(second);

        var status = CtsftProcess.Run("experiment", "status", folder, "--json");
        Assert.Equal(0, status.ExitCode);
        var json = JsonNode.Parse(status.Output)!;
        Assert.Equal(2, json["done"]!.GetValue<int>());
        Assert.Equal(0, json["failed"]!.GetValue<int>());
        Assert.Equal(0, json["pending"]!.GetValue<int>());
        var runs = json["runs"]!.AsArray();
        Assert.Equal(["jav", "sun"], runs.Select(r => r!["target"]!.GetValue<string>()).Order());
        foreach (var run in runs)
        {
            foreach (var key in new[] { "n", "arm", "depth", "seed", "status", "target_accuracy", "proxy_accuracy" }) Assert.NotNull(run![key]);
        }
        using var store = ResultsStore.OpenExisting(folder);
        Assert.All(store.All().Values, r => Assert.Equal(1, r.Attempts));
        var cache = Path.Combine(folder, ResultsStore.CacheFolder);
        Assert.Single(Directory.GetDirectories(Path.Combine(cache, "stage1")));
        Assert.Single(Directory.GetDirectories(Path.Combine(cache, "discovery")));
        Assert.Empty(Directory.EnumerateDirectories(cache, ".*", SearchOption.AllDirectories));
        foreach (var circuit in Directory.GetFiles(cache, "circuit.json", SearchOption.AllDirectories)) Assert.NotNull(JsonNode.Parse(File.ReadAllText(circuit)));
        Assert.True(File.Exists(Path.Combine(Directory.GetDirectories(Path.Combine(cache, "stage1"))[0], "model", "model.safetensors")));
    }
}
