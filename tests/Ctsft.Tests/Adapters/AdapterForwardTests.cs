using Ctsft.Adapters;
using Ctsft.Models;
using Ctsft.Tasks;
using Ctsft.Tests.Training;
using static TorchSharp.torch;

namespace Ctsft.Tests.Adapters;

/// <summary>The adapters' forward against the base model and against their merged weights, on every fixture family.</summary>
public class AdapterForwardTests
{
    public static TheoryData<string, AdapterKind> FixturesAndKinds()
    {
        var data = new TheoryData<string, AdapterKind>();
        foreach (var fixture in SharedFolder.GoldenModelFolders())
            foreach (var kind in Enum.GetValues<AdapterKind>())
                data.Add(fixture, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndKinds))]
    public void A_new_adapter_gives_the_base_models_logits_exactly(string fixture, AdapterKind kind)
    {
        using var model = TinyTraining.Load(fixture);
        var examples = TinyTraining.Examples(fixture, 6);
        using var expected = model.LabelLogits(examples);
        using var adapters = ModelAdapters.Create(model.Model, AdapterFixtures.EveryProjection(model.Model.Config, kind), seed: 5);
        if (adapters.Layers.OfType<LoraLinear>().FirstOrDefault() is { } lora)
        {
            Assert.True(lora.B.eq(0).all().item<bool>(), "LoRA's B starts at zero");
            Assert.False(lora.A.eq(0).all().item<bool>(), "LoRA's A is drawn");
        }
        adapters.Attach();
        using var actual = model.LabelLogits(examples);
        Assert.True(expected.eq(actual).all().item<bool>(), $"{fixture} {kind}: a new adapter changed the logits");
    }

    [Theory]
    [MemberData(nameof(FixturesAndKinds))]
    public void Merged_and_unmerged_forwards_agree_and_detached_adapters_leave_the_base(string fixture, AdapterKind kind)
    {
        using var model = TinyTraining.Load(fixture);
        var examples = TinyTraining.Examples(fixture, 6);
        using var baseLogits = model.LabelLogits(examples);
        using var adapters = ModelAdapters.Create(model.Model, AdapterFixtures.EveryProjection(model.Model.Config, kind), seed: 5);
        AdapterFixtures.Perturb(adapters, seed: 7);
        adapters.Attach();
        using var unmerged = model.LabelLogits(examples);
        Assert.True((unmerged - baseLogits).abs().max().item<float>() > 1e-4, $"{fixture} {kind}: the perturbed adapter did not change the logits");
        adapters.Detach();
        using var detached = model.LabelLogits(examples);
        Assert.True(baseLogits.eq(detached).all().item<bool>(), $"{fixture} {kind}: a detached adapter still acts");
        adapters.Merge();
        using var merged = model.LabelLogits(examples);
        var difference = (merged - unmerged).abs().max().item<float>();
        // float rounding, relative to the logits' size (a decoder's label logits reach tens)
        var scale = Math.Max(1f, unmerged.abs().max().item<float>());
        Assert.True(difference < 1e-5 * scale, $"{fixture} {kind}: merged and unmerged logits differ by {difference} (largest logit {scale})");
    }

    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void Lora_merges_as_W_plus_alpha_over_r_times_B_A_computed_by_hand(string fixture)
    {
        using var model = TinyTraining.Load(fixture);
        using var adapters = ModelAdapters.Create(model.Model, AdapterFixtures.EveryProjection(model.Model.Config, AdapterKind.Lora), seed: 5);
        AdapterFixtures.Perturb(adapters, seed: 3);
        var parameters = model.Model.Parameters();
        var before = adapters.Layers.ToDictionary(l => l.Module, l => Host(parameters[l.Module + ".weight"]));
        adapters.Merge();
        foreach (var lora in adapters.Layers.Cast<LoraLinear>())
        {
            var (w, a, b, merged) = (before[lora.Module], Host(lora.A), Host(lora.B), Host(parameters[lora.Module + ".weight"]));
            var (rows, columns, rank) = (b.GetLength(0), a.GetLength(1), a.GetLength(0));
            Assert.Equal(6.0 / 3.0, lora.Scaling);
            for (var i = 0; i < rows; i++)
                for (var j = 0; j < columns; j++)
                {
                    double update = 0;
                    for (var k = 0; k < rank; k++) update += (double)b[i, k] * a[k, j];
                    var expected = w[i, j] + 2.0 * update;
                    Assert.True(Math.Abs(merged[i, j] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                        $"{fixture}: {lora.Module}[{i},{j}] = {merged[i, j]}, W + (alpha/r) B A = {expected}");
                }
        }
    }

    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void Ia3_merges_by_scaling_rows_or_the_down_projections_columns_by_hand(string fixture)
    {
        using var model = TinyTraining.Load(fixture);
        using var adapters = ModelAdapters.Create(model.Model, AdapterSpec.Ia3(), seed: 0);
        AdapterFixtures.Perturb(adapters, seed: 3);
        var parameters = model.Model.Parameters();
        var weights = adapters.Layers.ToDictionary(l => l.Module, l => Host(parameters[l.Module + ".weight"]));
        var biases = adapters.Layers.Where(l => parameters.ContainsKey(l.Module + ".bias")).ToDictionary(l => l.Module, l => parameters[l.Module + ".bias"].detach().clone());
        adapters.Merge();
        var downModules = Enumerable.Range(0, model.Model.Config.NumLayers).Select(l => model.Model.Config.ProjectionModules(l)[ProjectionRole.Down]).ToHashSet();
        foreach (var ia3 in adapters.Layers.Cast<Ia3Linear>())
        {
            Assert.Equal(downModules.Contains(ia3.Module), ia3.FeedForward);
            var (w, l, merged) = (weights[ia3.Module], ia3.Vector.detach().flatten().data<float>().ToArray(), Host(parameters[ia3.Module + ".weight"]));
            for (var i = 0; i < w.GetLength(0); i++)
                for (var j = 0; j < w.GetLength(1); j++)
                    Assert.Equal(w[i, j] * l[ia3.FeedForward ? j : i], merged[i, j]);
            if (biases.TryGetValue(ia3.Module, out var bias))
            {
                var expected = ia3.FeedForward ? bias : bias * ia3.Vector.detach().flatten();
                Assert.True(expected.eq(parameters[ia3.Module + ".bias"]).all().item<bool>(), $"{fixture}: {ia3.Module}'s bias");
            }
        }
    }

    private static float[,] Host(Tensor tensor)
    {
        var values = tensor.detach().contiguous().data<float>().ToArray();
        var (rows, columns) = ((int)tensor.shape[0], (int)tensor.shape[1]);
        var result = new float[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                result[i, j] = values[i * columns + j];
        return result;
    }
}

/// <summary>Adapters for the tests: on every projection of a family, perturbed off their initial values.</summary>
public static class AdapterFixtures
{
    /// <summary>Every projection the fixture's family has (BERT-like: no gate).</summary>
    public static AdapterSpec EveryProjection(TransformerConfig config, AdapterKind kind)
    {
        var roles = config.ProjectionModules(0).Keys.OrderBy(r => r).ToArray();
        return kind == AdapterKind.Lora ? AdapterSpec.Lora(roles, rank: 3, alpha: 6) : AdapterSpec.Ia3(roles);
    }

    /// <summary>Moves every adapter tensor off its initial value (seeded), as training would.</summary>
    public static void Perturb(ModelAdapters adapters, long seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (_, value) in adapters.Tensors)
            value.add_(randn(value.shape, generator: generator).mul(0.02).to(value.device));
    }

}
