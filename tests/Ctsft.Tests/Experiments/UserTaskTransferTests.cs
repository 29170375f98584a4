using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Experiments;
using Ctsft.Tests.Cli;
using Ctsft.Tests.Data;

namespace Ctsft.Tests.Experiments;

/// <summary>A user dataset (a proxy file and a target file) as the task of a transfer, on real NusaX rows.</summary>
public class UserTaskTransferTests
{
    private static TransferSettings Settings(string model, UserTask user, Arm arm) => new()
    {
        Model = model, Task = UserTask.Key, Proxy = "ind", Target = "jav", N = 25, Arm = arm, Depth = 1, Seed = 31,
        UserData = user, MeanSize = 12, DiscoverySize = 8,
    };

    private static UserTask Files(string proxy, string target) => new(new Dictionary<string, string> { ["ind"] = proxy, ["jav"] = target });

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void AnEncoderTransfersOnUserFilesWithTheFilesHashesAndColumnsInEveryStageKeyAndEveryTrainingStagePublishedWithItsKey()
    {
        using var temp = new TempFolder();
        var (proxy, target) = UserFiles.Pair(temp);
        var cache = new StageCache(temp.File("cache"));
        var result = TransferRun.Execute(Settings(SharedFolder.Fixture("tiny-bert"), Files(proxy, target), Arm.Circuit),
            new TransferContext(cache, StageExecutor.Default));

        Assert.Equal(100, result.Json["metrics"]!["target_test"]!["metrics"]!["examples"]!.GetValue<int>());
        Assert.Equal(60, result.Json["metrics"]!["proxy_test"]!["metrics"]!["examples"]!.GetValue<int>());
        Assert.Equal(Sha256(target), result.Json["data"]!["sha256"]!["jav"]!["train"]!.GetValue<string>());
        Assert.Equal(Sha256(proxy), result.Json["data"]!["sha256"]!["ind"]!["test"]!.GetValue<string>());
        Assert.Equal(["negative", "neutral", "positive"], result.Json["data"]!["user_files"]!["jav"]!["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        var stage2 = result.Json["stage2"]!["run"]!;
        Assert.Equal(25, stage2["data"]!["n"]!.GetValue<int>());
        Assert.Equal(Sha256(target), stage2["data"]!["content_hash"]!.GetValue<string>());
        Assert.Equal("custom", stage2["data"]!["task"]!.GetValue<string>());

        var kinds = new[] { "stage1", "discovery", "stage2", "eval" };
        foreach (var kind in kinds)
        {
            var folders = Directory.GetDirectories(Path.Combine(cache.Root, kind)).Where(f => !Path.GetFileName(f).StartsWith('.')).ToArray();
            Assert.NotEmpty(folders);
            foreach (var folder in folders)
            {
                var key = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, StageCache.KeyFile)))!;
                Assert.Equal(Path.GetFileName(folder), key["hash"]!.GetValue<string>());
                Assert.Equal("label", key["inputs"]!["user_data"]!["label_column"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public void ADecoderReadsTheUserLabelsAsItsLabelWords()
    {
        using var temp = new TempFolder();
        var (proxy, target) = UserFiles.Pair(temp);
        var fixture = SharedFolder.Fixture("tiny-qwen2");
        var labels = FixtureTask.Labels("tiny-qwen2");
        var result = TransferRun.Execute(Settings(fixture, Files(proxy, target) with { Labels = labels }, Arm.Direct),
            new TransferContext(new StageCache(temp.File("cache")), StageExecutor.Default));
        var manifest = result.Json["metrics"]!["target_test"]!["manifest"]!;
        var expected = FixtureTask.For("tiny-qwen2");
        Assert.Equal(expected.LabelWords, labels.Select(l => " " + l));
        Assert.Equal(Golden.For("tiny-qwen2").Settings.GetProperty("label_token_ids").EnumerateArray().Select(i => i.GetInt32()),
            manifest["task"]!["label_token_ids"]!.AsArray().Select(i => i!.GetValue<int>()));
        Assert.InRange(result.TargetAccuracy, 0, 1);
    }

    [Fact]
    public void ValidationNamesTheFileRowAndColumnOfBadUserDataAndAnNBeyondPoolB()
    {
        using var temp = new TempFolder();
        var (proxy, _) = UserFiles.Pair(temp);
        var rows = UserFiles.Nusax("jav", "train", 150).ToList();
        rows[9] = rows[9] with { Label = "mixed" };
        var target = UserFiles.Csv(temp.File("bad/jav.csv"), rows);
        var problems = TransferValidation.Problems(Settings(SharedFolder.Fixture("tiny-bert"), Files(proxy, target), Arm.Full), StageExecutor.Default);
        Assert.Contains(problems, p => p.StartsWith("{target_file}: ") && p.Contains($"{target}: row 10 ") && p.Contains("unknown label 'mixed' in column 'label'"));

        var small = UserFiles.Csv(temp.File("small/jav.csv"), UserFiles.Nusax("jav", "train", 40));   // 20 train rows
        problems = TransferValidation.Problems(Settings(SharedFolder.Fixture("tiny-bert"), Files(proxy, small), Arm.Full), StageExecutor.Default);
        Assert.Contains(problems, p => p.StartsWith("{n}: 25 is out of range: Pool B of " + small + " holds 20 examples"));

        problems = TransferValidation.Problems(Settings(SharedFolder.Fixture("tiny-bert"), Files(temp.File("none.csv"), small), Arm.Full), StageExecutor.Default);
        Assert.Contains(problems, p => p == $"{{proxy_file}}: {temp.File("none.csv")}: file not found");
    }

    [Fact]
    public void RunWithABadTargetFileExitsTwoNamingTheFileRowAndColumnAndWritesNothing()
    {
        using var temp = new TempFolder();
        var (proxy, _) = UserFiles.Pair(temp);
        var rows = UserFiles.Nusax("jav", "train", 150).ToList();
        rows[4] = rows[4] with { Text = "" };
        var target = UserFiles.Csv(temp.File("bad/jav.csv"), rows);
        var (code, _, error) = CliRunner.Run("run", SharedFolder.Fixture("tiny-bert"), "--proxy-file", proxy, "--target-file", target, "--n", "25",
            "--arm", "full", "--cache", temp.File("cache"), "--out", temp.File("out"));
        Assert.Equal(2, code);
        Assert.Contains($"--target-file: {target}: row 5 ", error);
        Assert.Contains("empty text in column 'text'", error);
        Assert.False(Directory.Exists(temp.File("cache")));
        Assert.False(Directory.Exists(temp.File("out")));
    }
}
