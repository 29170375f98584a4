using Ctsft.Tasks;
using Ctsft.Training;
using static TorchSharp.torch;

namespace Ctsft.Tests.Training;

/// <summary>
/// Gradient checkpointing recomputes each layer in the backward with the same dropout masks, so on the CPU a run
/// with it must give bit-identical losses and weights to a run without it, for every family and scope.
/// </summary>
public class GradientCheckpointingTests
{
    public static TheoryData<string, string> FixturesAndScopes()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in SharedFolder.GoldenModelFolders())
            foreach (var scope in new[] { "full", "norms", "heads", "lora", "ia3" })
                data.Add(fixture, scope);
        return data;
    }

    private const double AttentionDropout = 0.2;

    /// <summary>Attention dropout on (every family has it, decoders' configs default to 0) so that the recomputation must replay the masks.</summary>
    private static TrainingSettings Settings(bool checkpointing) =>
        TinyTraining.Settings(lr: 1e-3, epochs: 1, batchSize: 4) with { AttentionDropout = AttentionDropout, GradientCheckpointing = checkpointing };

    private static TaskModel Load(string fixture) =>
        TaskModel.Load(SharedFolder.Fixture(fixture), FixtureTask.For(fixture), initSeed: 0, dropout: (null, AttentionDropout));

    private static (IReadOnlyList<LossLogEntry> Losses, Dictionary<string, Tensor> Weights) Train(string fixture, string scope, bool checkpointing)
    {
        using var folder = new TempFolder();
        using var model = Load(fixture);
        var log = new LossLog(folder.File("loss.jsonl"));
        TinyTraining.Train(model, TinyTraining.Scope(scope, model.Model.Config), Settings(checkpointing), TinyTraining.Examples(fixture, 8), log: log);
        Assert.False(model.Model.Layers.GradientCheckpointing);   // training leaves the model as it found it
        return (LossLog.Read(log.Path), TinyTraining.Snapshot(model.Model));
    }

    [Theory]
    [MemberData(nameof(FixturesAndScopes))]
    public void Training_with_checkpointed_layers_gives_bit_identical_losses_and_weights(string fixture, string scope)
    {
        Dictionary<string, Tensor> initial;
        using (var model = TinyTraining.Load(fixture)) initial = TinyTraining.Snapshot(model.Model);
        var plain = Train(fixture, scope, checkpointing: false);
        var checkpointed = Train(fixture, scope, checkpointing: true);

        Assert.Equal(2, plain.Losses.Count);
        Assert.Equal(plain.Losses.Select(e => (e.Loss, e.GradNorm)), checkpointed.Losses.Select(e => (e.Loss, e.GradNorm)));
        Assert.Equal(plain.Weights.Keys, checkpointed.Weights.Keys);
        var moved = 0;
        foreach (var (name, weight) in plain.Weights)
        {
            Assert.True(Bits.Identical(weight, checkpointed.Weights[name]), $"{fixture} {scope}: {name} differs with checkpointing");
            if (Bits.Identical(initial[name], weight))
                Assert.True(Bits.Identical(initial[name], checkpointed.Weights[name]), $"{fixture} {scope}: frozen {name} moved with checkpointing");
            else moved++;
        }
        Assert.True(moved > 0, $"{fixture} {scope}: training moved nothing, so the comparison shows nothing");
    }

    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void Checkpointed_training_is_deterministic_for_a_seed(string fixture)
    {
        var first = Train(fixture, "full", checkpointing: true);
        var second = Train(fixture, "full", checkpointing: true);
        Assert.Equal(first.Losses, second.Losses);
        foreach (var (name, weight) in first.Weights)
            Assert.True(Bits.Identical(weight, second.Weights[name]), $"{fixture}: {name} differs between two checkpointed runs");
    }

    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void A_checkpointed_stack_gives_every_parameter_the_gradient_of_the_ordinary_pass(string fixture)
    {
        Dictionary<string, Tensor> Gradients(bool checkpointing)
        {
            using var model = Load(fixture);
            model.Model.train();
            using var batch = model.Readout.Encode(TinyTraining.Examples(fixture, 4));
            manual_seed(7);
            model.Model.Layers.GradientCheckpointing = checkpointing;
            using (var scope = NewDisposeScope())
                nn.functional.cross_entropy(model.Readout.LabelLogits(model.Model, batch), batch.Labels).backward();
            return model.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        }
        var plain = Gradients(checkpointing: false);
        var checkpointed = Gradients(checkpointing: true);
        Assert.Equal(plain.Keys, checkpointed.Keys);
        foreach (var (name, gradient) in plain)
            Assert.True(Bits.Identical(gradient, checkpointed[name]), $"{fixture}: the gradient of {name} differs with checkpointing");
    }
}
