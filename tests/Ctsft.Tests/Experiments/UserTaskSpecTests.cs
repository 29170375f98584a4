using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Experiments;
using Ctsft.Tests.Cli;
using Ctsft.Tests.Data;

namespace Ctsft.Tests.Experiments;

/// <summary>The user's files as the task of an experiment spec.</summary>
public class UserTaskSpecTests
{
    private static JsonObject Spec(JsonObject task, params string[] targets) => new()
    {
        ["model"] = SharedFolder.Fixture("tiny-bert"), ["task"] = task, ["proxy"] = "ind", ["targets"] = new JsonArray(targets.Select(t => (JsonNode?)t).ToArray()),
        ["n"] = new JsonArray(25), ["arms"] = new JsonArray("full", "circuit"), ["depths"] = new JsonArray(1), ["seeds"] = new JsonArray(31),
    };

    [Fact]
    public void FilesRelativeToTheSpecAreReadAndTheSpecIsIdentifiedByTheirHashesNotTheirPaths()
    {
        using var temp = new TempFolder();
        UserFiles.Pair(temp);
        var task = new JsonObject { ["files"] = new JsonObject { ["ind"] = "files/ind.jsonl", ["jav"] = "files/jav.csv" }, ["label_column"] = "label" };
        File.WriteAllText(temp.File("spec.json"), Spec(task, "jav").ToJsonString());
        var spec = ExperimentSpecReader.Load(temp.File("spec.json"), StageExecutor.Default);

        var settings = spec.Settings(ExperimentGrid.Cells(spec)[0]);
        Assert.Equal(UserTask.Key, settings.Task);
        Assert.Equal(temp.File("files/jav.csv"), settings.UserData!.Files["jav"]);
        var canonical = spec.Canonical();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temp.File("files/jav.csv")))), canonical["task"]!["files"]!["jav"]!.GetValue<string>());
        Assert.DoesNotContain("jav.csv", canonical.ToJsonString());

        var (stored, problems) = ExperimentSpecReader.Parse(canonical, StageExecutor.Default, checkEnvironment: false);
        Assert.Empty(problems);
        Assert.Equal(spec.Hash, stored!.Hash);

        var (code, output, _) = CliRunner.Run("experiment", temp.File("spec.json"), "--out", temp.File("out"), "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains("grid: 2 cells", output);
    }

    [Fact]
    public void ATargetWithoutAFileAndABadFileAreListedNamingTheTaskKeyTheFileAndTheRow()
    {
        using var temp = new TempFolder();
        var (proxy, _) = UserFiles.Pair(temp);
        var rows = UserFiles.Nusax("sun", "train", 150).ToList();
        rows[2] = rows[2] with { Label = "angry" };
        var sun = UserFiles.Csv(temp.File("sun.csv"), rows);
        var task = new JsonObject { ["files"] = new JsonObject { ["ind"] = proxy, ["sun"] = sun }, ["colour"] = "blue" };
        var (_, problems) = ExperimentSpecReader.Parse(Spec(task, "sun", "min"), StageExecutor.Default);
        Assert.Contains(problems, p => p.StartsWith("key 'task': unknown key 'colour'"));
        Assert.Contains(problems, p => p == "key 'task': no file for 'min'");
        Assert.Contains(problems, p => p.StartsWith($"key 'task': {sun}: row 3 ") && p.Contains("unknown label 'angry' in column 'label'"));
    }
}
