using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Models;
using Ctsft.Tests.Cli;

namespace Ctsft.Tests.Experiments;

public class ExperimentSpecTests
{
    private static readonly string TinyBert = SharedFolder.Fixture("tiny-bert");
    private static int Layers(string model) => ModelFactory.ReadConfig(Path.Combine(model, "config.json")).NumLayers;

    private static JsonObject ValidSpec() => new()
    {
        ["model"] = TinyBert, ["task"] = "nusax", ["proxy"] = "ind", ["targets"] = new JsonArray("jav"), ["n"] = new JsonArray(25),
        ["arms"] = new JsonArray("full", "circuit"), ["depths"] = new JsonArray(Layers(TinyBert) - 1), ["seeds"] = new JsonArray(31),
        ["data_dir"] = SharedFolder.Data,
    };

    private static string Write(TempFolder temp, JsonObject spec, string name = "spec.json")
    {
        File.WriteAllText(temp.File(name), spec.ToJsonString());
        return temp.File(name);
    }

    [Fact]
    public void AValidSpecPassesAndItsCanonicalFormLeavesOutTheDataFolder()
    {
        var (spec, problems) = ExperimentSpecReader.Parse(ValidSpec(), StageExecutor.Default);
        Assert.Empty(problems);
        var moved = ValidSpec();
        moved["data_dir"] = SharedFolder.Root + "/../shared/data";
        Assert.Equal(spec!.Hash, ExperimentSpecReader.Parse(moved, StageExecutor.Default).Spec!.Hash);
        var other = ValidSpec();
        other["seeds"] = new JsonArray(31, 777);
        Assert.NotEqual(spec.Hash, ExperimentSpecReader.Parse(other, StageExecutor.Default).Spec!.Hash);
    }

    [Fact]
    public void GradientCheckpointingIsReadButLeftOutOfTheSpecsIdentity()
    {
        var plain = ExperimentSpecReader.Parse(ValidSpec(), StageExecutor.Default).Spec!;
        var json = ValidSpec();
        json["gradient_checkpointing"] = true;
        var checkpointed = ExperimentSpecReader.Parse(json, StageExecutor.Default).Spec!;
        Assert.False(plain.GradientCheckpointing);
        Assert.True(checkpointed.GradientCheckpointing);
        Assert.Equal(plain.Hash, checkpointed.Hash);
        json["gradient_checkpointing"] = "yes";
        Assert.Contains(ExperimentSpecReader.Parse(json, StageExecutor.Default).Problems, p => p.Contains("gradient_checkpointing") && p.Contains("true or false"));
    }

    [Fact]
    public void AnInvalidSpecListsEveryProblemAtOnceWithExitCode2AndWritesNothing()
    {
        using var temp = new TempFolder();
        var spec = ValidSpec();
        spec["epochs"] = 3;
        spec["targets"] = new JsonArray("jav", "xx");
        spec["n"] = new JsonArray(25, 101);
        spec["arms"] = new JsonArray("circuit", "bogus");
        spec["depths"] = new JsonArray(Layers(TinyBert));
        spec["ratio"] = 0.02;
        spec["per_iteration"] = 1;
        spec["lr"] = new JsonObject { ["sideways"] = 1e-4 };
        var outFolder = temp.File("out");
        var (code, _, error) = CliRunner.Run("experiment", Write(temp, spec), "--out", outFolder);
        Assert.Equal(BadInputException.ExitCode, code);
        foreach (var expected in new[] { "key 'epochs'", "'xx'", "101", "'bogus'", $"key 'depths': {Layers(TinyBert)}", "key 'ratio'", "'sideways'" })
            Assert.Contains(expected, error);
        Assert.False(Directory.Exists(outFolder));
    }

    [Fact]
    public void AMissingDatasetIsNamedWithItsFile()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("empty-data"));
        var spec = ValidSpec();
        spec["data_dir"] = temp.File("empty-data");
        var (code, _, error) = CliRunner.Run("experiment", Write(temp, spec), "--out", temp.File("out"));
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains(Path.Combine(temp.File("empty-data"), "nusax-senti", "jav", "train.csv"), error);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void AModelThatCannotDoTheTaskIsRefusedNamingTheModel()
    {
        using var temp = new TempFolder();
        var model = temp.File("model");
        Directory.CreateDirectory(model);
        foreach (var file in Directory.GetFiles(TinyBert)) File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(model, "config.json")))!.AsObject();
        config["model_type"] = "t5";
        File.WriteAllText(Path.Combine(model, "config.json"), config.ToJsonString());
        var spec = ValidSpec();
        spec["model"] = model;
        var (code, _, error) = CliRunner.Run("experiment", Write(temp, spec), "--out", temp.File("out"));
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains("key 'model'", error);
        Assert.Contains("model_type", error);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void AResultsFolderWrittenByAnotherSpecIsRefusedAndLeftAlone()
    {
        using var temp = new TempFolder();
        var outFolder = temp.File("out");
        var first = ExperimentSpecReader.Parse(ValidSpec(), StageExecutor.Default).Spec!;
        using (ResultsStore.Open(outFolder, first)) { }
        var before = Directory.GetFiles(outFolder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        var other = ValidSpec();
        other["proxy_n"] = "all";
        var (code, _, error) = CliRunner.Run("experiment", Write(temp, other), "--out", outFolder);
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains("another spec", error);
        Assert.Contains("key 'proxy_n'", error);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(outFolder, "*", SearchOption.AllDirectories).Order());
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void AGridGrowsInItsFolderAndThePartsOfItOpenWithoutRewritingIt()
    {
        using var temp = new TempFolder();
        var outFolder = temp.File("out");
        var small = ExperimentSpecReader.Parse(ValidSpec(), StageExecutor.Default).Spec!;
        using (ResultsStore.Open(outFolder, small)) { }
        var grownJson = ValidSpec();
        grownJson["arms"] = new JsonArray("full", "circuit", "nearzero");
        grownJson["seeds"] = new JsonArray(31, 777);
        var grown = ExperimentSpecReader.Parse(grownJson, StageExecutor.Default).Spec!;
        using (var store = ResultsStore.Open(outFolder, grown))
            Assert.Equal(grown.Hash, store.Spec["spec_hash"]!.GetValue<string>());
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(outFolder, ResultsStore.SpecFile)))!;
        Assert.Equal(grown.Hash, written["spec_hash"]!.GetValue<string>());
        Assert.Equal([small.Hash], written["grown_from"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal(ExperimentGrid.Cells(grown).Count, ExperimentStatus.Read(outFolder).Runs.Count);

        var before = File.ReadAllBytes(Path.Combine(outFolder, ResultsStore.SpecFile));
        using (var store = ResultsStore.Open(outFolder, small))
            Assert.Equal(grown.Hash, store.Spec["spec_hash"]!.GetValue<string>());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(outFolder, ResultsStore.SpecFile)));
    }

    [Fact]
    public void AGrownGridMustKeepTheRatesOfTheArmsItAlreadyHas()
    {
        using var temp = new TempFolder();
        var outFolder = temp.File("out");
        var first = ValidSpec();
        first["lr"] = new JsonObject { ["full"] = 5e-5, ["circuit"] = 5e-4 };
        using (ResultsStore.Open(outFolder, ExperimentSpecReader.Parse(first, StageExecutor.Default).Spec!)) { }

        var newArm = ValidSpec();
        newArm["arms"] = new JsonArray("full", "circuit", "random");
        newArm["lr"] = new JsonObject { ["full"] = 5e-5, ["circuit"] = 5e-4, ["random"] = 1e-3 };
        using (ResultsStore.Open(outFolder, ExperimentSpecReader.Parse(newArm, StageExecutor.Default).Spec!)) { }

        var changedRate = ValidSpec();
        changedRate["arms"] = new JsonArray("full", "circuit", "random", "nearzero");
        changedRate["lr"] = new JsonObject { ["full"] = 5e-5, ["circuit"] = 1e-4, ["random"] = 1e-3 };
        var e = Assert.Throws<BadSettingException>(() => ResultsStore.Open(outFolder, ExperimentSpecReader.Parse(changedRate, StageExecutor.Default).Spec!));
        Assert.Contains("gives circuit", e.Message);
    }

    [Fact]
    public void ListsThatNeitherContainNorAreContainedInTheFoldersAreAnotherExperiment()
    {
        using var temp = new TempFolder();
        var outFolder = temp.File("out");
        using (ResultsStore.Open(outFolder, ExperimentSpecReader.Parse(ValidSpec(), StageExecutor.Default).Spec!)) { }
        var sideways = ValidSpec();
        sideways["seeds"] = new JsonArray(777);
        var e = Assert.Throws<BadSettingException>(() => ResultsStore.Open(outFolder, ExperimentSpecReader.Parse(sideways, StageExecutor.Default).Spec!));
        Assert.Contains("neither contain", e.Message);
    }

    [Fact]
    public void AFolderHoldingSomethingElseIsRefused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.txt"), "mine");
        var spec = ExperimentSpecReader.Parse(ValidSpec(), StageExecutor.Default).Spec!;
        var e = Assert.Throws<BadSettingException>(() => ResultsStore.Open(temp.Path, spec));
        Assert.Equal("out", e.Setting);
        Assert.Contains("not empty", e.Message);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void TheDryRunPrintsTheGridAndWritesNothing()
    {
        using var temp = new TempFolder();
        var (code, output, _) = CliRunner.Run("experiment", Write(temp, ValidSpec()), "--out", temp.File("out"), "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains("grid: 2 cells", output);
        Assert.Contains("pending", output);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void XnliLanguagesMustHoldEveryLanguageOfTheRunAndXnliIsATaskTheBuildTrains()
    {
        var spec = new JsonObject
        {
            ["model"] = TinyBert, ["task"] = "xnli", ["proxy"] = "en", ["targets"] = new JsonArray("th", "vi"), ["n"] = new JsonArray(25),
            ["arms"] = new JsonArray("full"), ["depths"] = new JsonArray(0), ["seeds"] = new JsonArray(31), ["xnli_languages"] = new JsonArray("en", "th"),
            ["data_dir"] = SharedFolder.Data,
        };
        var (_, problems) = ExperimentSpecReader.Parse(spec, StageExecutor.Default);
        Assert.Contains(problems, p => p.StartsWith("key 'xnli_languages'") && p.Contains("'vi'"));
        Assert.DoesNotContain(problems, p => p.StartsWith("key 'task'"));
    }

    [Theory]
    [InlineData("paper-nusax")]
    [InlineData("paper-xnli")]
    [InlineData("minilm-nusax")]
    public void EveryPresetIsAWellFormedSpec(string name)
    {
        var json = ExperimentPresets.Get(name)!;
        var (spec, problems) = ExperimentSpecReader.Parse(json, StageExecutor.Default, checkEnvironment: false);
        Assert.Empty(problems);
        var headArms = spec!.Arms.Count(a => a.DependsOnDepth());
        Assert.Equal(spec.Seeds.Count * spec.Targets.Count * spec.N.Count * (spec.Arms.Count - headArms + headArms * spec.Depths.Count),
            ExperimentGrid.Cells(spec).Count);
        Assert.Equal(spec.Arms.Count * spec.Targets.Count * spec.N.Count * spec.Seeds.Count,
            ExperimentGrid.Cells(spec).Select(c => (c.Arm, c.Target, c.N, c.Seed)).Distinct().Count());
    }

    [Fact]
    public void TheMinilmPresetHasMinilmMdsSettings()
    {
        var spec = ExperimentSpecReader.Parse(ExperimentPresets.Get("minilm-nusax")!, StageExecutor.Default, checkEnvironment: false).Spec!;
        Assert.Equal("minilm", spec.Model);
        Assert.Equal("all", spec.ProxyN);
        Assert.Equal(3, spec.PerIteration);
        Assert.Equal(5e-5, spec.Rates.Stage1);
        Assert.Equal([5e-5], spec.Rates.CandidatesFor(Arm.Full));
        foreach (var arm in new[] { Arm.Circuit, Arm.NearZero, Arm.Random, Arm.Lora }) Assert.Equal([5e-4], spec.Rates.CandidatesFor(arm));
        Assert.Contains(Arm.Lora, spec.Arms);
    }

    [Fact]
    public void ASpecWithoutAdapterArmsKeepsItsCanonicalFormAndOneWithThemNamesTheirRates()
    {
        var paper = ExperimentSpecReader.Parse(ExperimentPresets.Get("paper-nusax")!, StageExecutor.Default, checkEnvironment: false).Spec!;
        var paperRates = paper.Canonical()["lr"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["stage1", "full", "direct", "norms", "circuit", "nearzero", "least", "random"], paperRates);
        var minilm = ExperimentSpecReader.Parse(ExperimentPresets.Get("minilm-nusax")!, StageExecutor.Default, checkEnvironment: false).Spec!;
        var lr = minilm.Canonical()["lr"]!.AsObject();
        Assert.Equal(5e-4, lr["lora"]!.GetValue<double>());
        Assert.Null(lr["ia3"]);
    }

    [Fact]
    public void TheLoraArmHasADepthLikeTheHeadArmsAndIa3DoesNot()
    {
        var json = ExperimentPresets.Get("minilm-nusax")!;
        json["arms"] = new System.Text.Json.Nodes.JsonArray("lora", "ia3", "circuit");
        json["depths"] = new System.Text.Json.Nodes.JsonArray(1, 2);
        var spec = ExperimentSpecReader.Parse(json, StageExecutor.Default, checkEnvironment: false).Spec!;
        var cells = ExperimentGrid.Cells(spec);
        Assert.Equal([1, 2], cells.Where(c => c.Arm == Arm.Lora).Select(c => c.Depth!.Value).Distinct().Order());
        Assert.All(cells.Where(c => c.Arm == Arm.Ia3), c => Assert.Null(c.Depth));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void ShardsCoverTheGridExactlyOnce(int count)
    {
        var spec = ExperimentSpecReader.Parse(ExperimentPresets.Get("paper-nusax")!, StageExecutor.Default, checkEnvironment: false).Spec!;
        var grid = ExperimentGrid.Cells(spec);
        var shares = Enumerable.Range(0, count).Select(i => ExperimentGrid.Shard(grid, new Shard(i, count))).ToArray();
        var union = shares.SelectMany(s => s).Select(c => c.Key).ToArray();
        Assert.Equal(grid.Count, union.Length);
        Assert.Equal(grid.Select(c => c.Key).Order(), union.Order());
        Assert.Equal(grid.Count, union.Distinct().Count());
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("1")]
    [InlineData("-1/3")]
    [InlineData("0/0")]
    public void ABadShardIsRefused(string text) =>
        Assert.Equal("shard", Assert.Throws<BadSettingException>(() => Shard.Parse(text)).Setting);

    [Fact]
    public void EachPurposeOfARunsSeedHasItsOwnSubSeedAndTheSampleSeedCanBeFixed()
    {
        var s = new TransferSettings { Model = "m", Proxy = "ind", Target = "jav", N = 25, Arm = Arm.Circuit, Seed = 31 };
        Assert.NotEqual(s.Stage1TrainingSeed, s.Stage2TrainingSeed);
        Assert.NotEqual(s.Stage1TrainingSeed, (s with { Seed = 777 }).Stage1TrainingSeed);
        Assert.Equal(31UL, s.DataSampleSeed);
        Assert.Equal(777UL, (s with { Seed = 777 }).DataSampleSeed);
        Assert.Equal(5UL, (s with { Seed = 777, SampleSeed = 5 }).DataSampleSeed);
    }
}
