using Ctsft.Training;

namespace Ctsft.Tests.Training;

public class ScopeTrainingTests
{
    public static TheoryData<string, string> FixturesAndScopes()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in SharedFolder.GoldenModelFolders())
            foreach (var scope in new[] { "full", "norms", "heads" })
                data.Add(fixture, scope);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndScopes))]
    public void Every_scope_lowers_the_training_loss_on_a_small_real_NusaX_sample(string fixture, string scopeKind)
    {
        using var model = TinyTraining.Load(fixture);
        var examples = TinyTraining.Examples(fixture, 24);
        var before = TinyTraining.Loss(model, examples);
        var (result, trainable) = TinyTraining.Train(model, TinyTraining.Scope(scopeKind, model.Model.Config),
            TinyTraining.Settings(lr: 1e-2, epochs: 5, batchSize: 8), examples);
        var after = TinyTraining.Loss(model, examples);
        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.Equal(15, result.StepsDone);
        Assert.True(after < before, $"{fixture} {scopeKind}: loss {before:F4} -> {after:F4} ({trainable} trainable entries)");
    }
}
