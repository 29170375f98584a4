using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Tasks;
using Ctsft.Tests.Data;
using Ctsft.Training;
using static TorchSharp.torch;

namespace Ctsft.Tests.Runtime;

/// <summary>
/// Training steps of every scope with the default device poisoned: forward, loss, backward, gradient masking,
/// clipping, AdamW, a checkpoint after the first step and a resume from it in a fresh model.
/// </summary>
[Collection(PoisonedDeviceCollection.Name), Trait("Device", "poisoned")]
public class PoisonedTrainingTests
{
    public static TheoryData<string, string> ModelsAndScopes()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in PoisonedModels.Names())
            foreach (var scope in new[] { "full", "norms", "heads/slices", "heads/gradient" })
                data.Add(model, scope);
        return data;
    }

    private sealed record Trained(Dictionary<string, Tensor> Uninterrupted, Dictionary<string, Tensor> Resumed, long OptimiserSteps) : IDisposable
    {
        public void Dispose()
        {
            foreach (var t in Uninterrupted.Values.Concat(Resumed.Values)) t.Dispose();
        }
    }

    /// <summary>Two steps with a checkpoint after the first; then a fresh model resumes from it and takes the second.</summary>
    private static Trained Train(string model, string scopeText)
    {
        using var temp = new TempFolder();
        var parts = scopeText.Split('/');
        var settings = new TrainingSettings
        {
            LearningRate = 1e-3, Epochs = 2, BatchSize = 4, Seed = 31, CheckpointEvery = 1,
            Masking = parts.Length > 1 && parts[1] == "gradient" ? GradientMasking.Gradient : GradientMasking.Slices,
        };
        var examples = SharedDatasets.Nusax("ind", "train").Examples.Take(4).ToArray();
        var identity = new RunIdentity(new string('0', 64), scopeText, settings.Masking.ToString(), TrainingRun.RecipeText(settings), "ids");
        var checkpoint = new TrainingCheckpoint(temp.File("checkpoint"));

        var (uninterrupted, steps) = Once(model, parts[0], settings, examples, identity, checkpoint);
        Assert.Equal(2, steps);
        var (resumed, resumedSteps) = Once(model, parts[0], settings, examples, identity, checkpoint);
        Assert.Equal(2, resumedSteps);
        return new Trained(uninterrupted, resumed, steps);
    }

    private static (Dictionary<string, Tensor> Weights, long Steps) Once(string model, string kind, TrainingSettings settings,
        IReadOnlyList<Ctsft.Data.Example> examples, RunIdentity identity, TrainingCheckpoint checkpoint)
    {
        using var taskModel = TaskModel.Load(PoisonedModels.Spec(model), ClassificationTask.NusaxSenti);
        var config = taskModel.Model.Config;
        var scope = kind == "heads"
            ? ParameterScope.OfHeads(new HeadSet([new HeadRef(0, 0), new HeadRef(config.NumLayers - 1, config.NumAttentionHeads - 1)]))
            : ParameterScope.Parse(kind, null);
        TrainingResult result;
        using (var binding = new ScopeBinding(taskModel.Model, scope.Select(taskModel.Model), settings.Masking))
        {
            result = new Trainer(taskModel, binding, settings).Run(examples, identity, checkpoint);
            binding.MergeInto(taskModel.Model);
        }
        Assert.Equal(TrainingStatus.Completed, result.Status);
        var weights = taskModel.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone(), StringComparer.Ordinal);
        return (weights, result.StepsDone);
    }

    [Theory, MemberData(nameof(ModelsAndScopes))]
    public void Training_steps_with_a_checkpoint_and_a_resume_stay_on_the_cpu_and_equal_the_unpoisoned_run(string model, string scope)
    {
        using var expected = Train(model, scope);
        using var actual = PoisonedDefaultDevice.Run(() => Train(model, scope));
        foreach (var (name, weight) in expected.Uninterrupted)
        {
            SameOutputs.Tensors(weight, actual.Uninterrupted[name], $"{name} after two steps");
            SameOutputs.Tensors(weight, actual.Resumed[name], $"{name} after a resume");
        }
    }
}
