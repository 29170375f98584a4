using Ctsft.Reproducibility;
using Ctsft.Scopes;
using Ctsft.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Tests.Training;

/// <summary>
/// Three steps of the trainer against the recipe written out here in plain tensor operations (method.md 4): linear
/// decay to zero, global-norm clipping over the trainable entries, AdamW with decoupled decay on weights only (not
/// norms or biases), whole-matrix gradients masked to the head scope, dropout seeded per step.
/// </summary>
public class TrainerAgainstHandLoopTests
{
    // A larger epsilon than the default keeps AdamW from normalising pure rounding noise (BERT's key bias has an exact
    // gradient of 0) into full steps; the hand loop uses the same epsilon, so the formula is what is compared.
    private static TrainingSettings Settings(GradientMasking masking) => TinyTraining.Settings(lr: 1e-2, epochs: 1, batchSize: 4, weightDecay: 0.1, masking: masking)
        with { Beta1 = 0.8, Beta2 = 0.95, Epsilon = 1e-4, MaxGradNorm = 0.5 };

    [Theory]
    [MemberData(nameof(FrozenEntriesTests.FixturesAndMaskings), MemberType = typeof(FrozenEntriesTests))]
    public void Three_trainer_steps_equal_a_hand_written_loop(string fixture, GradientMasking masking)
    {
        var settings = Settings(masking);
        var examples = TinyTraining.Examples(fixture, 12);   // 3 steps of 4
        using var temp = new TempFolder();
        var log = new LossLog(temp.File("loss.jsonl"));
        using var trained = TinyTraining.Load(fixture);
        var scope = ParameterScope.OfHeads(TinyTraining.Heads(trained.Model.Config));
        var (result, _) = TinyTraining.Train(trained, scope, settings, examples, log: log);
        Assert.Equal(3, result.StepsDone);
        var entries = LossLog.Read(log.Path);

        using var model = TinyTraining.Load(fixture);
        var selection = scope.Select(model.Model);
        var norms = model.Model.Config.NormParameterNames().ToHashSet();
        var parameters = model.Model.named_parameters().ToArray();
        var masks = parameters.ToDictionary(p => p.name, p => selection.Mask(p.name, p.parameter.shape).to(float32).DetachFromDisposeScope());
        var m = parameters.ToDictionary(p => p.name, p => zeros_like(p.parameter).DetachFromDisposeScope());
        var v = parameters.ToDictionary(p => p.name, p => zeros_like(p.parameter).DetachFromDisposeScope());
        foreach (var (_, p) in parameters) p.requires_grad_(true);
        var schedule = new BatchSchedule(examples, settings.BatchSize, settings.Epochs, settings.Seed);
        var clipped = false;
        for (var step = 0; step < 3; step++)
        {
            using var stepScope = NewDisposeScope();
            var lr = settings.LearningRate * (1 - step / (double)schedule.TotalSteps);
            manual_seed((long)(SeededRandom.DeriveSeed(settings.Seed, $"training/dropout/step-{step}") >> 1));
            model.Model.train();
            foreach (var (_, p) in parameters) p.grad = null;
            using var batch = model.Readout.Encode(schedule.Batch(step));
            var loss = F.cross_entropy(model.Readout.LabelLogits(model.Model, batch), batch.Labels);
            loss.backward();
            var gradients = parameters.ToDictionary(p => p.name, p => p.parameter.grad is { } g ? g * masks[p.name] : zeros_like(p.parameter));
            var norm = Math.Sqrt(gradients.Values.Sum(g => g.square().sum().item<float>()));
            var coefficient = Math.Min(1.0, settings.MaxGradNorm / (norm + 1e-6));
            clipped |= coefficient < 1;
            var entry = entries[step];
            Assert.Equal(lr, entry.LearningRate, 12);
            Assert.Equal(loss.item<float>(), entry.Loss, 4);
            Assert.Equal(norm, entry.GradNorm, norm * 1e-4);
            using var noGrad = no_grad();
            var t = step + 1;
            foreach (var (name, p) in parameters)
            {
                var mask = masks[name];
                if (mask.sum().item<float>() == 0) continue;
                var g = gradients[name] * coefficient;
                var decays = !(name.EndsWith(".bias") || norms.Contains(name));
                var decayed = decays ? p * (1 - lr * settings.WeightDecay) : p.clone();
                m[name].copy_(m[name] * settings.Beta1 + g * (1 - settings.Beta1));
                v[name].copy_(v[name] * settings.Beta2 + g * g * (1 - settings.Beta2));
                var update = m[name] / (1 - Math.Pow(settings.Beta1, t)) / (v[name].sqrt() / Math.Sqrt(1 - Math.Pow(settings.Beta2, t)) + settings.Epsilon);
                p.copy_(where(mask > 0, decayed - update * lr, p));
            }
        }
        Assert.True(clipped, "the gradient norm never exceeded --max-grad-norm, so clipping was not exercised");
        model.Model.eval();
        var expected = TinyTraining.Snapshot(model.Model);
        var moved = 0;
        foreach (var (name, value) in TinyTraining.Snapshot(trained.Model))
        {
            TensorAssert.Close(expected[name], value, 2e-6, 1e-4, $"{fixture} {masking} {name}");
            if (masks[name].sum().item<float>() > 0) moved++;
        }
        Assert.True(moved > 0);
        foreach (var t in masks.Values.Concat(m.Values).Concat(v.Values)) t.Dispose();
    }
}
