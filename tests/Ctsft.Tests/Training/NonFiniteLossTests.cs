using Ctsft.Scopes;
using Ctsft.Training;
using static TorchSharp.torch;

namespace Ctsft.Tests.Training;

public class NonFiniteLossTests
{
    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void A_non_finite_loss_stops_the_run_before_the_step_and_keeps_the_last_good_checkpoint(string fixture)
    {
        using var folder = new TempFolder();
        var checkpoint = new TrainingCheckpoint(folder.File("checkpoint"));
        var log = new LossLog(folder.File("loss.jsonl"));
        using var model = TinyTraining.Load(fixture);
        var norm = model.Model.Config.NormParameterNames().First();
        var settings = TinyTraining.Settings() with { CheckpointEvery = 1 };
        // After step 2 a norm weight turns NaN (as a diverging run would make it), so step 3's loss is NaN.
        var poison = new TinyTraining.Callback(p =>
        {
            if (p.Step != 2) return;
            using var noGrad = no_grad();
            model.Model.Parameters()[norm].fill_(float.NaN);
        });
        var (result, _) = TinyTraining.Train(model, ParameterScope.Norms, settings, TinyTraining.Examples(fixture, 16), checkpoint, log, poison);

        Assert.Equal(TrainingStatus.NonFiniteLoss, result.Status);
        Assert.Equal(3, result.FailedStep);
        Assert.Equal(2, result.LastGoodCheckpoint);
        Assert.Equal(2, checkpoint.ReadState().Step);
        Assert.Equal(2, LossLog.Read(log.Path).Count);
        using var saved = Ctsft.Checkpoints.SafetensorsFile.Open(Path.Combine(checkpoint.Folder, "trainable.safetensors"));
        using var savedNorm = saved.ReadTensor(norm);
        Assert.True(savedNorm.isfinite().all().item<bool>(), "the last good checkpoint holds the weights from before the failure");
    }
}
