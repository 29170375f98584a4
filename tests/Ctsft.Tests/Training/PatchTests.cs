using System.CommandLine;
using Ctsft.Checkpoints;
using Ctsft.Cli.Commands;
using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Training;

namespace Ctsft.Tests.Training;

public class PatchTests
{
    public static TrainingRequest Request(string model, ParameterScope scope, string output, int n = 12, double lr = 1e-2) =>
        new(model, "nusax", "jav", n.ToString(System.Globalization.CultureInfo.InvariantCulture), scope,
            new TrainingSettings { LearningRate = lr, Epochs = 1, BatchSize = 8, WeightDecay = 0.01 }, output, DataDir: SharedFolder.Data);

    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void A_patch_applied_to_its_base_rebuilds_the_fine_tuned_weights_bit_for_bit(string fixture)
    {
        using var folder = new TempFolder();
        var config = ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json"));
        var run = TrainingRun.Execute(Request(SharedFolder.Fixture(fixture), ParameterScope.OfHeads(TinyTraining.Heads(config)), folder.File("run")));
        var patch = Path.Combine(run.Folder, TrainingRun.PatchFolder);
        var rebuilt = folder.File("rebuilt");

        Assert.Equal(0, new RootCommand { PatchCommand.Create() }.Parse(["patch", "apply", SharedFolder.Fixture(fixture), patch, "--out", rebuilt]).Invoke());

        Bits.AssertSameCheckpoints(Path.Combine(run.Folder, TrainingRun.ModelFolder), rebuilt, $"{fixture}, after applying the patch");
        Assert.Equal(ModelHash.OfFolder(Path.Combine(run.Folder, TrainingRun.ModelFolder)), ModelHash.OfFolder(rebuilt));
        var manifest = CircuitPatch.ReadManifest(patch);
        Assert.Equal(TinyTraining.Heads(config).Select(h => h.ToString()), manifest.Heads);

        var (envelope, root) = Ctsft.Runs.RunDocument.Read(Path.Combine(rebuilt, PatchApplyRun.ManifestFile), PatchApplyRun.Format, PatchApplyRun.FormatVersion);
        Assert.Equal(["model", "patch"], envelope.Inputs.Select(i => i.Role));
        Assert.Equal(manifest.FineTunedHash, root["rebuilt_hash"]!.GetValue<string>());
        Assert.Equal(2, new RootCommand { PatchCommand.Create() }.Parse(["patch", "apply", SharedFolder.Fixture(fixture), patch, "--out", rebuilt]).Invoke());
    }

    [Fact]
    public void A_patch_refuses_a_base_it_was_not_made_from()
    {
        using var folder = new TempFolder();
        var config = ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture("tiny-bert"), "config.json"));
        var run = TrainingRun.Execute(Request(SharedFolder.Fixture("tiny-bert"), ParameterScope.OfHeads(TinyTraining.Heads(config)), folder.File("run")));
        var patch = Path.Combine(run.Folder, TrainingRun.PatchFolder);
        var fineTuned = Path.Combine(run.Folder, TrainingRun.ModelFolder);   // the fine-tuned model is not the base
        Assert.Equal(2, new RootCommand { PatchCommand.Create() }.Parse(["patch", "apply", fineTuned, patch, "--out", folder.File("x")]).Invoke());
        Assert.False(Directory.Exists(folder.File("x")));
    }
}
