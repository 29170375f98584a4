using Ctsft.Models;
using Ctsft.Runtime;
using Ctsft.Scopes;
using Ctsft.Tests.Cli;
using Ctsft.Tests.Training;
using Ctsft.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Runtime;

/// <summary>
/// <c>--precision bf16</c>: bfloat16 products in the layers' projections from fp32 master weights. Forwards stay close
/// to fp32 on every fixture (but are not fp32's), weights, gradients and outputs stay fp32, frozen entries stay
/// bit-identical, a seed repeats bit for bit, and fp32 (the default) is untouched.
/// </summary>
public class MixedPrecisionTests
{
    /// <summary>bf16 keeps 8 significant bits (relative rounding 2^-9 per operand); a few layers of tiny fixtures stay within this of fp32.</summary>
    private const double Tolerance = 3e-2;

    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    [Theory, MemberData(nameof(Fixtures))]
    public void A_bf16_forward_is_close_to_fp32_but_not_equal_and_comes_out_fp32(string fixture)
    {
        var golden = Golden.For(fixture);
        using var loaded = ModelLoader.Load(SharedFolder.Fixture(fixture));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = golden.Root.GetProperty("batch");
        var input = Golden.Input(batch.GetProperty("input_ids"), batch.GetProperty("attention_mask"));
        var fp32 = loaded.Model.Forward(input).Hidden;
        Tensor bf16;
        using (MixedPrecision.Use(Precision.Bf16)) bf16 = loaded.Model.Forward(input).Hidden;
        Assert.Equal(ScalarType.Float32, bf16.dtype);
        var scale = fp32.abs().max().item<float>();
        var difference = (bf16 - fp32).abs().max().item<float>();
        Assert.True(difference <= Tolerance * Math.Max(1, scale), $"{fixture}: bf16 hidden states differ from fp32 by {difference} (largest |value| {scale})");
        Assert.True(difference > 0, $"{fixture}: the bf16 forward equals fp32's bit for bit: the projections did not compute in bf16");
        Assert.Equal(Precision.Fp32, MixedPrecision.Current);
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Master_weights_and_their_gradients_stay_fp32_after_a_bf16_step(string fixture)
    {
        using var model = TinyTraining.Load(fixture);
        var before = TinyTraining.Snapshot(model.Model);
        var settings = TinyTraining.Settings(epochs: 1) with { Precision = Precision.Bf16 };
        var (result, _) = TinyTraining.Train(model, ParameterScope.Full, settings, TinyTraining.Examples(fixture, 4));
        Assert.Equal(TrainingStatus.Completed, result.Status);
        foreach (var (name, parameter) in model.Model.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, parameter.dtype);
            if (parameter.grad is { } grad) Assert.Equal(ScalarType.Float32, grad.dtype);
        }
        Assert.Contains(before, p => !Bits.Identical(p.Value, model.Model.Parameters()[p.Key]));
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Frozen_entries_stay_bit_identical_in_a_bf16_heads_run(string fixture)
    {
        using var model = TinyTraining.Load(fixture);
        var scope = ParameterScope.OfHeads(TinyTraining.Heads(model.Model.Config));
        var selection = scope.Select(model.Model);
        var before = TinyTraining.Snapshot(model.Model);
        var settings = TinyTraining.Settings(weightDecay: 0.1) with { Precision = Precision.Bf16 };
        TinyTraining.Train(model, scope, settings, TinyTraining.Examples(fixture, 8));
        var after = TinyTraining.Snapshot(model.Model);
        foreach (var (name, old) in before)
        {
            using var frozen = selection.Mask(name, old.shape).to_type(ScalarType.Bool).logical_not();
            Assert.True(Bits.Identical(old.masked_select(frozen), after[name].masked_select(frozen)), $"{fixture}: a frozen entry of {name} changed");
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void A_bf16_run_repeats_bit_for_bit_for_a_seed_and_differs_from_fp32(string fixture)
    {
        Dictionary<string, Tensor> Run(Precision precision)
        {
            using var model = TinyTraining.Load(fixture);
            TinyTraining.Train(model, ParameterScope.Full, TinyTraining.Settings(epochs: 1) with { Precision = precision }, TinyTraining.Examples(fixture, 8));
            return TinyTraining.Snapshot(model.Model);
        }
        var (first, second, fp32) = (Run(Precision.Bf16), Run(Precision.Bf16), Run(Precision.Fp32));
        foreach (var (name, tensor) in first)
            Assert.True(Bits.Identical(tensor, second[name]), $"{fixture}: {name} differs between two bf16 runs with one seed");
        Assert.Contains(first, p => !Bits.Identical(p.Value, fp32[p.Key]));
    }

    [Fact]
    public void Fp32_is_the_default_and_leaves_the_recipe_and_its_identity_as_they_were()
    {
        Assert.Equal(Precision.Fp32, MixedPrecision.Current);
        Assert.Equal(Precision.Fp32, new TrainingSettings().Precision);
        Assert.DoesNotContain("Precision", TrainingRun.RecipeText(new TrainingSettings()), StringComparison.Ordinal);
        Assert.Contains("Precision", TrainingRun.RecipeText(new TrainingSettings { Precision = Precision.Bf16 }), StringComparison.Ordinal);
    }

    [Fact]
    public void The_fp32_projection_is_the_layer_itself()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var linear = nn.Linear(16, 8);
        var x = randn(4, 16);
        Assert.True(Bits.Identical(linear.call(x), MixedPrecision.Linear(linear, x)));
        using (MixedPrecision.Use(Precision.Bf16))
        {
            var low = MixedPrecision.Linear(linear, x);
            var expected = nn.functional.linear(x.to(bfloat16), linear.weight!.to(bfloat16), linear.bias!.to(bfloat16)).to(float32);
            Assert.True(Bits.Identical(expected, low));
        }
    }

    [Theory]
    [InlineData("fp16")]
    [InlineData("half")]
    public void A_bad_precision_exits_2_naming_the_option(string value)
    {
        using var folder = new TempFolder();
        var (exit, _, error) = CliRunner.Run("eval", SharedFolder.Fixture("tiny-bert"), "--task", "nusax", "--lang", "jav", "--data-dir", SharedFolder.Data,
            "--out", folder.File("eval"), "--precision", value);
        Assert.Equal(2, exit);
        Assert.Contains("--precision", error, StringComparison.Ordinal);
        Assert.Contains(value, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("eval")));
        var (trainExit, _, trainError) = CliRunner.Run("train", SharedFolder.Fixture("tiny-bert"), "--lang", "jav", "--n", "4", "--data-dir", SharedFolder.Data,
            "--out", folder.File("train"), "--precision", value);
        Assert.Equal(2, trainExit);
        Assert.Contains("--precision", trainError, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovery_in_bf16_is_refused_naming_the_option_and_the_measured_agreement()
    {
        using var folder = new TempFolder();
        var (exit, _, error) = CliRunner.Run("discover", SharedFolder.Fixture("tiny-bert"), "--task", "nusax", "--lang", "ind", "--data-dir", SharedFolder.Data,
            "--out", folder.File("discover"), "--precision", "bf16");
        Assert.Equal(2, exit);
        Assert.Contains("--precision", error, StringComparison.Ordinal);
        Assert.Contains(Ctsft.Circuits.DiscoveryPrecision.MeasuredAgreement, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("discover")));
    }

    [Fact]
    public void Lora_training_in_bf16_is_refused_naming_the_option()
    {
        using var folder = new TempFolder();
        var (exit, _, error) = CliRunner.Run("train", SharedFolder.Fixture("tiny-bert"), "--lang", "jav", "--n", "4", "--data-dir", SharedFolder.Data,
            "--scope", "lora", "--out", folder.File("train"), "--precision", "bf16");
        Assert.Equal(2, exit);
        Assert.Contains("--precision", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("train")));
    }
}
