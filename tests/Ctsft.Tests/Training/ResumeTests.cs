using Ctsft.Scopes;
using Ctsft.Training;

namespace Ctsft.Tests.Training;

public class ResumeTests
{
    public static TheoryData<string, GradientMasking> Cases() => new()
    {
        { "tiny-bert", GradientMasking.Slices }, { "tiny-qwen2", GradientMasking.Gradient }, { "tiny-qwen2", GradientMasking.Slices },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_run_interrupted_mid_way_and_resumed_ends_with_the_weights_of_an_uninterrupted_run(string fixture, GradientMasking masking)
    {
        var examples = TinyTraining.Examples(fixture, 10);   // 3 steps per epoch at batch 4
        var settings = TinyTraining.Settings(epochs: 3, weightDecay: 0.01, masking: masking) with { CheckpointEvery = 2 };
        Dictionary<string, TorchSharp.torch.Tensor> uninterrupted;
        using (var model = TinyTraining.Load(fixture))
        {
            var (result, _) = TinyTraining.Train(model, TinyTraining.Scope("heads", model.Model.Config), settings, examples);
            Assert.Equal(9, result.StepsDone);
            uninterrupted = TinyTraining.Snapshot(model.Model);
        }

        using var folder = new TempFolder();
        var checkpoint = new TrainingCheckpoint(folder.File("checkpoint"));
        var log = new LossLog(folder.File("loss.jsonl"));
        using (var model = TinyTraining.Load(fixture))
        using (var stop = new CancellationTokenSource())
        {
            var progress = new TinyTraining.Callback(p => { if (p.Step == 5) stop.Cancel(); });
            var (result, _) = TinyTraining.Train(model, TinyTraining.Scope("heads", model.Model.Config), settings, examples, checkpoint, log, progress, stop.Token);
            Assert.Equal(TrainingStatus.Interrupted, result.Status);
            Assert.Equal(5, result.StepsDone);
        }
        Assert.Equal(4, checkpoint.ReadState().Step);   // steps 2, 3 (epoch end) and 4 were saved; step 5 is lost as in a kill
        Assert.Equal(5, LossLog.Read(log.Path).Count);

        using (var model = TinyTraining.Load(fixture))
        {
            var (result, _) = TinyTraining.Train(model, TinyTraining.Scope("heads", model.Model.Config), settings, examples, checkpoint, log);
            Assert.Equal(TrainingStatus.Completed, result.Status);
            Assert.Equal(4, result.ResumedFrom);
            var resumed = TinyTraining.Snapshot(model.Model);
            foreach (var (name, tensor) in uninterrupted)
                Assert.True(Bits.Identical(tensor, resumed[name]), $"{fixture} {masking}: {name} differs after resuming");
        }
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), LossLog.Read(log.Path).Select(e => e.Step));
    }

    [Fact]
    public void A_checkpoint_of_another_model_or_recipe_is_refused_by_name()
    {
        using var folder = new TempFolder();
        var checkpoint = new TrainingCheckpoint(folder.File("checkpoint"));
        var settings = TinyTraining.Settings() with { CheckpointEvery = 1 };
        using (var model = TinyTraining.Load("tiny-bert"))
        using (var stop = new CancellationTokenSource())
            TinyTraining.Train(model, ParameterScope.Norms, settings, TinyTraining.Examples("tiny-bert", 8), checkpoint,
                progress: new TinyTraining.Callback(_ => stop.Cancel()), cancellation: stop.Token);

        using var again = TinyTraining.Load("tiny-bert");
        using var binding = new ScopeBinding(again.Model, ParameterScope.Norms.Select(again.Model), settings.Masking);
        var otherModel = TinyTraining.Identity(settings) with { BaseModelHash = new string('f', 64) };
        var error = Assert.Throws<BadSettingException>(() => new Trainer(again, binding, settings).Run(TinyTraining.Examples("tiny-bert", 8), otherModel, checkpoint));
        Assert.Contains("another model", error.Message);
        var otherRecipe = TinyTraining.Identity(settings with { LearningRate = 0.5 });
        error = Assert.Throws<BadSettingException>(() => new Trainer(again, binding, settings).Run(TinyTraining.Examples("tiny-bert", 8), otherRecipe, checkpoint));
        Assert.Contains("recipe", error.Message);
    }
}
