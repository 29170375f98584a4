using Ctsft.Checkpoints;
using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Training;

namespace Ctsft.Tests.Training;

/// <summary>One short run per scope on the real MiniLM (2 steps of 8 Javanese examples).</summary>
public class MiniLmTrainingTests
{
    private static readonly HeadSet TwelveHeads = HeadSet.Parse("L0H0,L0H1,L1H2,L1H3,L2H4,L2H5,L3H6,L3H7,L4H8,L4H9,L5H10,L5H11");

    [Theory]
    [InlineData("full")]
    [InlineData("norms")]
    [InlineData("heads")]
    public void Every_scope_trains_MiniLM(string scopeKind)
    {
        using var folder = new TempFolder();
        var scope = scopeKind == "heads" ? ParameterScope.OfHeads(TwelveHeads) : ParameterScope.Parse(scopeKind, null);
        var run = TrainingRun.Execute(PatchTests.Request("minilm", scope, folder.File("run"), n: 16, lr: 5e-4));
        Assert.Equal(TrainingStatus.Completed, run.Training.Status);
        Assert.Equal(2, run.Training.StepsDone);
        Assert.All(LossLog.Read(Path.Combine(run.Folder, TrainingRun.LossLogFile)), e => Assert.True(double.IsFinite(e.Loss) && e.GradNorm > 0));
        using var fineTuned = CheckpointFolder.Open(Path.Combine(run.Folder, TrainingRun.ModelFolder));
        Assert.Contains("bert.encoder.layer.5.output.LayerNorm.weight", fineTuned.Names);
    }

    [Fact]
    public void A_twelve_head_patch_of_MiniLM_is_under_three_percent_of_the_checkpoint_and_rebuilds_it_exactly()
    {
        using var folder = new TempFolder();
        var run = TrainingRun.Execute(PatchTests.Request("minilm", ParameterScope.OfHeads(TwelveHeads), folder.File("run"), n: 16, lr: 5e-4));
        var patch = new FileInfo(Path.Combine(run.Folder, TrainingRun.PatchFolder, CircuitPatch.TensorsFile)).Length;
        var full = new FileInfo(Path.Combine(run.Folder, TrainingRun.ModelFolder, CheckpointFolder.SingleFileName)).Length;
        Assert.True(patch < 0.03 * full, $"patch {patch:N0} bytes is {100.0 * patch / full:F2}% of the checkpoint's {full:N0}");

        using var baseModel = PretrainedModel.Load("minilm", new ModelLoadOptions { Labels = ["negative", "neutral", "positive"] });
        CircuitPatch.Apply(baseModel.Model, Path.Combine(run.Folder, TrainingRun.PatchFolder));
        using var expected = CheckpointFolder.Open(Path.Combine(run.Folder, TrainingRun.ModelFolder));
        var rebuilt = baseModel.Model.Parameters();
        foreach (var name in expected.Names)
        {
            using var tensor = expected.ReadTensor(name);
            Assert.True(Bits.Identical(tensor, rebuilt[name]), $"{name} differs after applying the patch");
        }
    }
}
