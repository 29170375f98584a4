using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;
using Ctsft.Tests.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Tests.Models;

/// <summary>
/// The readout-only last layer (<see cref="ReadoutRows"/>) gives the full forward's label logits and gradients up to float
/// rounding, on every model fixture, in eval mode and in training mode with dropout (same seed: the same noise).
/// </summary>
public class ReadoutOnlyForwardTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    /// <summary>Rows of different lengths, so that decoders read at different positions and encoders see padding.</summary>
    private static IReadOnlyList<Example> Examples(string fixture) =>
        FixtureTask.Fit(fixture, Ctsft.Tests.Data.SharedDatasets.Nusax("ind", "train").Examples).Take(24).OrderBy(e => e.Text.Length).Where((_, i) => i % 3 == 0).ToArray();

    [Theory, MemberData(nameof(Fixtures))]
    public void Eval_mode_label_logits_equal_the_full_forwards(string fixture)
    {
        using var model = FixtureTask.Load(fixture);
        AssertSameLogits(model, Examples(fixture), training: false, fixture);
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Training_mode_logits_and_every_gradient_equal_the_full_forwards_with_dropout(string fixture)
    {
        var encoder = ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json")).Kind == ModelKind.Encoder;
        using var model = TaskModel.Load(SharedFolder.Fixture(fixture), FixtureTask.For(fixture), dropout: (encoder ? 0.3 : null, 0.3));
        var examples = Examples(fixture);
        AssertSameLogits(model, examples, training: true, fixture);
        AssertSameGradients(model, examples, fixture);
    }

    [Fact]
    public void Minilm_training_mode_gradients_equal_the_full_forwards()
    {
        using var model = TaskModel.Load("minilm", ClassificationTask.NusaxSenti);
        var examples = Ctsft.Tests.Data.SharedDatasets.Nusax("jav", "train").Examples.Take(6).ToArray();
        AssertSameLogits(model, examples, training: true, "minilm");
        AssertSameGradients(model, examples, "minilm");
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void The_output_holds_one_row_per_example_and_hooks_need_the_full_forward(string fixture)
    {
        using var model = FixtureTask.Load(fixture);
        using var noGrad = no_grad();
        using var batch = model.Readout.Encode(Examples(fixture));
        var input = batch.Input with { ReadoutPositions = batch.ReadoutPositions };
        using (var output = model.Model.Forward(input))
        {
            Assert.True(output.ReadoutOnly);
            Assert.Equal([batch.Count, 1, model.Model.Config.HiddenSize], output.Hidden.shape);
        }
        using (var output = model.Model.Forward(batch.Input))
        {
            Assert.False(output.ReadoutOnly);
            Assert.Equal(batch.Input.SequenceLength, output.Hidden.shape[1]);
        }
        var hooks = new ForwardHooks { LayerOutput = (_, _) => { } };
        Assert.Throws<ArgumentException>(() => model.Model.Forward(input, hooks));
    }

    private static Tensor Logits(TaskModel model, TaskBatch batch, bool training, bool readoutOnly)
    {
        model.Model.train(training);
        manual_seed(11);
        return model.Readout.LabelLogits(model.Model, batch, readoutOnly: readoutOnly);
    }

    private static void AssertSameLogits(TaskModel model, IReadOnlyList<Example> examples, bool training, string name)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = model.Readout.Encode(examples);
        var full = Logits(model, batch, training, readoutOnly: false);
        var readout = Logits(model, batch, training, readoutOnly: true);
        Assert.Equal(full.shape, readout.shape);
        var difference = (full - readout).abs().max().item<float>();
        Assert.True(full.allclose(readout, rtol: 1e-4, atol: 1e-5), $"{name}, training {training}: readout-only logits differ from the full forward's by {difference}");
        if (training)
        {
            var eval = Logits(model, batch, training: false, readoutOnly: true);
            Assert.False(eval.allclose(readout, rtol: 1e-4, atol: 1e-5), $"{name}: dropout changed nothing, so the training-mode comparison shows nothing");
        }
        model.Model.eval();
    }

    private static void AssertSameGradients(TaskModel model, IReadOnlyList<Example> examples, string name)
    {
        using var scope = NewDisposeScope();
        using var batch = model.Readout.Encode(examples);
        var parameters = model.Model.named_parameters().ToArray();
        Dictionary<string, Tensor> Gradients(bool readoutOnly)
        {
            foreach (var (_, p) in parameters) p.grad = null;
            F.cross_entropy(Logits(model, batch, training: true, readoutOnly), batch.Labels).backward();
            return parameters.Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        }
        var full = Gradients(readoutOnly: false);
        var readout = Gradients(readoutOnly: true);
        foreach (var (_, p) in parameters) p.grad = null;
        model.Model.eval();
        Assert.Equal(full.Keys.Order(), readout.Keys.Order());
        Assert.NotEmpty(full);
        foreach (var (parameter, gradient) in full)
        {
            var scale = gradient.abs().max().item<float>();
            var difference = (gradient - readout[parameter]).abs().max().item<float>();
            Assert.True(difference <= 1e-4 * scale + 1e-6, $"{name}: the gradient of {parameter} differs by {difference} (largest entry {scale})");
        }
    }
}
