using System.Text.Json.Nodes;
using Ctsft.Experiments;

namespace Ctsft.Tests.Reports;

/// <summary>
/// A small real results folder, built once for the report tests by the experiment runner: tiny-bert, real NusaX data,
/// ind -> jav, n 25, arms full, circuit and nearzero at depth 0, seeds 31 and 777, stage 1 on 16 Pool A examples.
/// </summary>
public sealed class ReportStore : IDisposable
{
    private readonly TempFolder _temp = new();

    public ReportStore()
    {
        Spec = ExperimentSpecReader.Parse(SpecJson(), StageExecutor.Default).Spec!;
        Folder = _temp.File("results");
        Summary = ExperimentRunner.Run(Spec, Folder, new ExperimentOptions(Shard.Whole), StageExecutor.Default);
    }

    public static JsonObject SpecJson() => new()
    {
        ["model"] = SharedFolder.Fixture("tiny-bert"), ["task"] = "nusax", ["proxy"] = "ind", ["targets"] = new JsonArray("jav"),
        ["n"] = new JsonArray(25), ["arms"] = new JsonArray("full", "circuit", "nearzero"), ["depths"] = new JsonArray(0),
        ["seeds"] = new JsonArray(31, 777), ["proxy_n"] = "16", ["per_iteration"] = 1, ["data_dir"] = SharedFolder.Data,
    };

    public ExperimentSpec Spec { get; }
    public string Folder { get; }
    public ExperimentSummary Summary { get; }

    /// <summary>A copy of the results folder (to change without touching the shared one).</summary>
    public string CopyTo(TempFolder temp)
    {
        var copy = temp.File("results-copy");
        foreach (var file in Directory.GetFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    public void Dispose() => _temp.Dispose();
}
