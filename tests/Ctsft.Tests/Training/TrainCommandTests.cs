using System.CommandLine;
using System.Text.Json;
using Ctsft.Cli.Commands;
using Ctsft.Data;
using Ctsft.Tasks;
using Ctsft.Training;
using static TorchSharp.torch;

namespace Ctsft.Tests.Training;

public class TrainCommandTests
{
    private static int Run(params string[] args) =>
        new RootCommand { TrainCommand.Create(), BudgetCommand.Create() }.Parse(args).Invoke();

    /// <summary>A short tiny-qwen2 run; options in <paramref name="extra"/> replace the defaults.</summary>
    private static string[] Train(string output, params string[] extra)
    {
        var defaults = new[] { ("--n", "10"), ("--epochs", "1"), ("--batch-size", "4"), ("--lr", "1e-3") }
            .Where(d => !extra.Contains(d.Item1))
            .SelectMany(d => new[] { d.Item1, d.Item2 });
        return ["train", SharedFolder.Fixture("tiny-qwen2"), "--lang", "jav", .. defaults, "--data-dir", SharedFolder.Data, "--out", output, .. extra];
    }

    private static string Staging(string output) => Path.Combine(Path.GetDirectoryName(output)!, "." + Path.GetFileName(output) + ".running");

    [Fact]
    public void Train_writes_the_model_patch_loss_log_and_a_manifest_of_every_setting()
    {
        using var folder = new TempFolder();
        var output = folder.File("run");
        Assert.Equal(0, Run(Train(output, "--scope", "heads", "--heads", "0.1,L2H3", "--seed", "777", "--weight-decay", "0.01",
            "--adam-beta1", "0.85", "--adam-beta2", "0.99", "--adam-epsilon", "1e-6", "--attention-dropout", "0.05", "--decay-norms-and-biases", "--gradient-checkpointing")));
        Assert.True(File.Exists(Path.Combine(output, "model", "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "patch", "patch.safetensors")));
        Assert.Equal(3, LossLog.Read(Path.Combine(output, "loss.jsonl")).Count);
        Assert.False(Directory.Exists(Path.Combine(output, "checkpoint")));
        Assert.False(Directory.Exists(Staging(output)));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        var root = manifest.RootElement;
        Assert.Equal(777UL, root.GetProperty("settings").GetProperty("seed").GetUInt64());
        Assert.Equal(0.01, root.GetProperty("settings").GetProperty("weight_decay").GetDouble());
        Assert.Equal(1e-3, root.GetProperty("settings").GetProperty("learning_rate").GetDouble());
        var settings = root.GetProperty("settings");
        Assert.Equal((0.85, 0.99, 1e-6), (settings.GetProperty("beta1").GetDouble(), settings.GetProperty("beta2").GetDouble(), settings.GetProperty("epsilon").GetDouble()));
        Assert.Equal(0.05, settings.GetProperty("attention_dropout").GetDouble());
        Assert.Equal("model config", settings.GetProperty("hidden_dropout").GetString());
        Assert.True(settings.GetProperty("decay_norms_and_biases").GetBoolean());
        Assert.True(settings.GetProperty("gradient_checkpointing").GetBoolean());
        Assert.Contains("norms and biases included", settings.GetProperty("weight_decay_applies_to").GetString());
        Assert.Equal("slices", root.GetProperty("scope").GetProperty("masking").GetString());
        Assert.Equal(["L0H1", "L2H3"], root.GetProperty("scope").GetProperty("heads").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("B", root.GetProperty("data").GetProperty("pool").GetString());
        Assert.Equal(10, root.GetProperty("data").GetProperty("ids").GetArrayLength());
        Assert.Equal(64, root.GetProperty("data").GetProperty("content_hash").GetString()!.Length);
        Assert.Equal(64, root.GetProperty("model").GetProperty("base_hash").GetString()!.Length);
        Assert.Equal("completed", root.GetProperty("result").GetProperty("status").GetString());
    }

    public static TheoryData<string> Decoders => SharedFolder.GoldenModelNames("decoder");

    [Theory, MemberData(nameof(Decoders))]
    public void Train_with_a_heads_scope_runs_end_to_end_on_every_decoder_fixture(string fixture)
    {
        using var folder = new TempFolder();
        var output = folder.File("run");
        var config = Ctsft.Models.ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json"));
        var heads = $"L0H0,L{config.NumLayers - 1}H{config.NumAttentionHeads - 1}";
        Assert.Equal(0, Run(["train", SharedFolder.Fixture(fixture), "--lang", "jav", "--n", "10", "--epochs", "1", "--batch-size", "4", "--lr", "1e-3",
            "--scope", "heads", "--heads", heads, "--data-dir", SharedFolder.Data, "--out", output]));
        using var trained = Ctsft.Models.ModelLoader.Load(Path.Combine(output, "model"));
        using var original = Ctsft.Models.ModelLoader.Load(SharedFolder.Fixture(fixture));
        var before = original.Model.Parameters();
        foreach (var (name, after) in trained.Model.Parameters())
        {
            var changed = !after.equal(before[name]).all().item<bool>();
            Assert.True(changed == config.NormParameterNames().Contains(name) || name.Contains("self_attn"), $"{fixture}: {name} changed = {changed}");
        }
        Assert.True(File.Exists(Path.Combine(output, "patch", "patch.safetensors")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        var pad = Golden.For(fixture).Settings.GetProperty("pad_token_id").GetInt64();
        Assert.Contains($"(id {pad})", manifest.RootElement.GetProperty("data").GetProperty("padding").GetString());
        Assert.False(manifest.RootElement.GetProperty("settings").GetProperty("gradient_checkpointing").GetBoolean());
    }

    [Fact]
    public void An_output_folder_holding_another_run_is_refused_unless_forced()
    {
        using var folder = new TempFolder();
        var output = folder.File("run");
        Assert.Equal(0, Run(Train(output, "--scope", "norms")));
        var before = File.ReadAllText(Path.Combine(output, "run.json"));
        Assert.Equal(2, Run(Train(output, "--scope", "norms", "--seed", "1")));
        Assert.Equal(before, File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal(0, Run(Train(output, "--scope", "norms", "--seed", "1", "--force")));
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(output, "run.json")));
    }

    [Theory]
    [InlineData("--scope", "heads", "--heads", "L3H0")]              // tiny-qwen2 has layers 0..2
    [InlineData("--scope", "heads", "--heads", "L0H4")]              // and heads 0..3
    [InlineData("--scope", "heads")]                                 // empty head set
    [InlineData("--scope", "norms", "--heads", "L0H0")]
    [InlineData("--scope", "everything")]
    [InlineData("--lr", "0")]
    [InlineData("--lr", "2")]
    [InlineData("--epochs", "0")]
    [InlineData("--masking", "rows")]
    [InlineData("--n", "101")]                                       // Pool B has 100 rows
    [InlineData("--resume")]                                         // nothing to resume
    [InlineData("--adam-epsilon", "0")]
    [InlineData("--adam-beta1", "1")]
    [InlineData("--adam-beta2", "-0.1")]
    [InlineData("--attention-dropout", "1")]
    [InlineData("--hidden-dropout", "0.1")]                          // a Qwen2 decoder has attention dropout only
    public void Bad_input_exits_2_and_leaves_no_output(params string[] extra)
    {
        if (extra[0] != "--resume") Assert.Contains(TrainCommand.Create().Options, o => o.Name == extra[0]);
        using var folder = new TempFolder();
        var output = folder.File("run");
        Assert.Equal(2, Run(Train(output, extra)));
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(Staging(output)));
    }

    [Fact]
    public void Resume_with_another_model_is_refused_and_keeps_the_interrupted_state()
    {
        using var folder = new TempFolder();
        var output = folder.File("run");
        var request = PatchTests.Request(SharedFolder.Fixture("tiny-qwen2"), Ctsft.Scopes.ParameterScope.Norms, output, n: 24) with { };
        request = request with { Settings = request.Settings with { Epochs = 2, CheckpointEvery = 1 } };
        using (var stop = new CancellationTokenSource())
        {
            var interrupted = TrainingRun.Execute(request, new TinyTraining.Callback(p => { if (p.Step == 2) stop.Cancel(); }), stop.Token);
            Assert.Equal(TrainingStatus.Interrupted, interrupted.Training.Status);
        }
        Assert.False(Directory.Exists(output));
        Assert.True(Directory.Exists(Staging(output)));
        Assert.Equal(2, Run("train", SharedFolder.Fixture("tiny-qwen2"), "--lang", "jav", "--n", "24", "--scope", "norms", "--data-dir", SharedFolder.Data,
            "--out", output));                                       // an interrupted run is there: --resume or --force
        var error = Assert.Throws<BadSettingException>(() => TrainingRun.Execute(request with { Model = SharedFolder.Fixture("tiny-bert"), Resume = true }));
        Assert.Contains("another model", error.Message);
        Assert.Equal("force", error.Setting);
        Assert.True(new TrainingCheckpoint(Path.Combine(Staging(output), "checkpoint")).Exists);
        Assert.Equal(0, Run("train", SharedFolder.Fixture("tiny-qwen2"), "--lang", "jav", "--n", "24", "--scope", "norms", "--epochs", "2",
            "--batch-size", "8", "--lr", "1e-2", "--weight-decay", "0.01", "--checkpoint-every", "1", "--data-dir", SharedFolder.Data,
            "--out", output, "--resume"));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal(2, manifest.RootElement.GetProperty("result").GetProperty("resumed_from_step").GetInt64());
        Assert.Equal(6, LossLog.Read(Path.Combine(output, "loss.jsonl")).Count);
    }

    [Fact]
    public void Every_refused_setting_names_an_option_that_train_has()
    {
        var options = TrainCommand.Create().Options.Select(o => o.Name).ToHashSet();
        TrainingSettings[] bad =
        [
            new() { LearningRate = 0 }, new() { Epochs = 0 }, new() { BatchSize = 0 }, new() { MaxLength = 1 }, new() { WeightDecay = 1 },
            new() { Beta1 = 1 }, new() { Beta2 = 1 }, new() { Epsilon = 0 }, new() { MaxGradNorm = 0 }, new() { CheckpointEvery = 0 },
            new() { HiddenDropout = 1 }, new() { AttentionDropout = -0.5 },
        ];
        foreach (var settings in bad)
        {
            var message = Ctsft.Cli.SettingFlags.Render(Assert.Throws<BadSettingException>(settings.Validate));
            var named = System.Text.RegularExpressions.Regex.Match(message, @"--[a-z0-9-]+").Value;
            Assert.True(options.Contains(named), $"'{message}' names {named}, which train does not have");
        }
    }

    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void Train_with_scope_heads_saves_a_model_whose_frozen_entries_are_bit_identical_to_the_base(string fixture)
    {
        using var folder = new TempFolder();
        var output = folder.File("run");
        var baseFolder = SharedFolder.Fixture(fixture);
        using var base_ = TinyTraining.Load(fixture);
        var scope = TinyTraining.Scope("heads", base_.Model.Config);
        Assert.Equal(0, Run("train", baseFolder, "--lang", "jav", "--n", "10", "--epochs", "1", "--batch-size", "4", "--lr", "1e-2",
            "--weight-decay", "0.01", "--scope", "heads", "--heads", scope.Heads.ToString(), "--data-dir", SharedFolder.Data, "--out", output));

        using var trained = TaskModel.Load(Path.Combine(output, TrainingRun.ModelFolder), ClassificationTask.NusaxSenti);
        Assert.False(trained.HasNewClassifier);
        var selection = scope.Select(base_.Model);
        var after = trained.Model.Parameters();
        foreach (var (name, before) in base_.Model.Parameters())
        {
            using var mask = selection.Mask(name, before.shape).to_type(ScalarType.Bool);
            Assert.True(Bits.Identical(before.masked_select(mask.logical_not()), after[name].masked_select(mask.logical_not())),
                $"{fixture}: a frozen entry of {name} changed");
            if (mask.any().item<bool>())
                Assert.False(Bits.Identical(before.masked_select(mask), after[name].masked_select(mask)), $"{fixture}: no trainable entry of {name} moved");
        }
    }
}
