using Ctsft.Data;
using Ctsft.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Training;

/// <summary>The recipe's formulas: AdamW, clipping, the linear schedule and the per-epoch batches.</summary>
public class RecipeTests
{
    [Fact]
    public void Linear_decay_starts_at_the_peak_and_reaches_zero_after_the_last_step()
    {
        var schedule = new LinearDecay(5e-5, 10);
        Assert.Equal(5e-5, schedule.At(0));
        Assert.Equal(5e-6, schedule.At(9), 15);
        Assert.Equal(0, schedule.At(10));
    }

    [Fact]
    public void AdamW_on_whole_tensors_matches_torch_AdamW()
    {
        var settings = new TrainingSettings { WeightDecay = 0.1, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6 };
        using var generator = new Generator(7);
        using var ours = randn([5, 3], generator: generator).requires_grad_(true);
        using var theirs = new TorchSharp.Modules.Parameter(ours.detach().clone(), requires_grad: true);
        using var gradients = randn([4, 5, 3], generator: generator);
        using var adam = new MaskedAdamW([new TrainableTensor("w", ours)], settings);
        using var reference = optim.AdamW([theirs], lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1);
        for (var step = 0; step < 4; step++)
        {
            ours.grad = gradients[step].clone();
            theirs.grad = gradients[step].clone();
            adam.Step(0.01);
            reference.step();
        }
        TensorAssert.Close(theirs.detach(), ours.detach(), 1e-7, 1e-6, "AdamW");
    }

    [Fact]
    public void AdamW_over_entries_updates_exactly_those_entries_as_a_whole_tensor_of_them_would()
    {
        var settings = new TrainingSettings { WeightDecay = 0.5 };
        using var generator = new Generator(3);
        using var full = randn([4, 4], generator: generator).requires_grad_(true);
        var before = full.detach().clone();
        using var entries = tensor(new long[] { 1, 6, 7, 12 });
        using var gathered = full.detach().view(-1).index_select(0, entries).clone().requires_grad_(true);
        using var gradient = randn([4, 4], generator: generator);
        using var masked = new MaskedAdamW([new TrainableTensor("w", full, entries)], settings);
        using var whole = new MaskedAdamW([new TrainableTensor("g", gathered)], settings);
        Assert.Equal(4, masked.StateEntries);
        for (var step = 0; step < 3; step++)
        {
            full.grad = gradient.clone();
            gathered.grad = gradient.view(-1).index_select(0, entries);
            masked.Step(0.1);
            whole.Step(0.1);
        }
        var flat = full.detach().view(-1);
        Assert.True(Bits.Identical(gathered.detach(), flat.index_select(0, entries)));
        using var frozen = ones(16, dtype: ScalarType.Bool).index_fill_(0, entries, false);
        Assert.True(Bits.Identical(before.view(-1).masked_select(frozen), flat.masked_select(frozen)));
    }

    [Fact]
    public void A_tensor_without_a_gradient_in_a_step_is_skipped_as_torch_AdamW_skips_it()
    {
        var settings = new TrainingSettings { WeightDecay = 0.1 };
        using var generator = new Generator(11);
        using var a = randn([3, 2], generator: generator).requires_grad_(true);
        using var b = randn([4], generator: generator).requires_grad_(true);
        using var ta = new TorchSharp.Modules.Parameter(a.detach().clone(), requires_grad: true);
        using var tb = new TorchSharp.Modules.Parameter(b.detach().clone(), requires_grad: true);
        using var gradients = randn([3, 10], generator: generator);
        using var adam = new MaskedAdamW([new TrainableTensor("a", a), new TrainableTensor("b", b)], settings);
        using var reference = optim.AdamW([ta, tb], lr: 0.01, weight_decay: 0.1);
        for (var step = 0; step < 3; step++)
        {
            a.grad = gradients[step].narrow(0, 0, 6).reshape(3, 2).clone();
            ta.grad = a.grad.clone();
            var bBefore = b.detach().clone();
            // b gets no gradient in the middle step: no decay, no moment update, its bias-correction step stays put.
            b.grad = step == 1 ? null : gradients[step].narrow(0, 6, 4).clone();
            tb.grad = b.grad?.clone();
            adam.Step(0.01);
            reference.step();
            if (step == 1) Assert.True(Bits.Identical(bBefore, b.detach()), "b moved without a gradient");
        }
        Assert.Equal((3L, 2L), (adam.StepsOf(0), adam.StepsOf(1)));
        TensorAssert.Close(ta.detach(), a.detach(), 1e-7, 1e-6, "a");
        TensorAssert.Close(tb.detach(), b.detach(), 1e-7, 1e-6, "b");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Weight_decay_skips_norms_and_biases_unless_asked_and_skipped_tensors_do_not_decay(bool decayNormsAndBiases)
    {
        using var model = TinyTraining.Load(SharedFolder.GoldenModelFolders().First());
        var config = model.Model.Config;
        var norms = config.NormParameterNames().ToHashSet();
        var tensors = model.Model.named_parameters().Select(p => new TrainableTensor(p.name, p.parameter)).ToArray();
        var grouped = WeightDecayGroups.Assign(tensors, config, decayNormsAndBiases);
        Assert.Contains(grouped, t => norms.Contains(t.Name));
        Assert.Contains(grouped, t => t.Name.EndsWith(".bias") || norms.Contains(t.Name));
        foreach (var t in grouped)
            Assert.Equal(decayNormsAndBiases || !(t.Name.EndsWith(".bias") || norms.Contains(t.Name)), t.Decays);
        var slice = new TrainableTensor("model.layers.0.self_attn.q_proj.bias[16:32]", zeros(16));
        Assert.False(WeightDecayGroups.Assign([slice], config, false)[0].Decays);

        // A zero gradient leaves AdamW's update at zero, so what moves is decay alone: exactly the decayed tensors.
        using var w = ones(4).requires_grad_(true);
        using var n = ones(4).requires_grad_(true);
        using var adam = new MaskedAdamW([new TrainableTensor("w", w), new TrainableTensor("n", n, Decays: decayNormsAndBiases)], new TrainingSettings { WeightDecay = 0.5 });
        w.grad = zeros(4);
        n.grad = zeros(4);
        adam.Step(0.1);
        Assert.Equal(0.95f, w[0].item<float>(), 6);
        Assert.Equal(decayNormsAndBiases ? 0.95f : 1f, n[0].item<float>(), 6);
    }

    [Fact]
    public void Clipping_scales_every_gradient_by_max_over_the_global_norm()
    {
        using var a = zeros(2).requires_grad_(true);
        using var b = zeros(2, 2).requires_grad_(true);
        a.grad = tensor(new float[] { 3, 0 });
        b.grad = tensor(new float[] { 0, 4, 0, 0 }).view(2, 2);
        using var entries = tensor(new long[] { 1 });
        var norm = GradientClipping.Clip([new TrainableTensor("a", a), new TrainableTensor("b", b, entries)], 1.0);
        Assert.Equal(5.0, norm, 5);
        Assert.Equal(3 / (5 + 1e-6), a.grad!.max().item<float>(), 5);
        Assert.Equal(4 / (5 + 1e-6), b.grad!.max().item<float>(), 5);
        Assert.Equal(3 / (5 + 1e-6), GradientClipping.Clip([new TrainableTensor("a", a)], 2.0), 5);   // below the maximum: unchanged
        Assert.Equal(3 / (5 + 1e-6), a.grad!.max().item<float>(), 5);
    }

    [Fact]
    public void Every_epoch_is_a_seeded_permutation_cut_into_batches_with_a_smaller_last_one()
    {
        var examples = Enumerable.Range(0, 10).Select(i => new Example(i.ToString(), "t", null, 0)).ToArray();
        var schedule = new BatchSchedule(examples, batchSize: 4, epochs: 3, seed: 31);
        Assert.Equal(3, schedule.StepsPerEpoch);
        Assert.Equal(9, schedule.TotalSteps);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var batches = Enumerable.Range(epoch * 3, 3).Select(s => schedule.Batch(s)).ToArray();
            Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
            Assert.Equal(examples.Select(e => e.Id).Order(), batches.SelectMany(b => b).Select(e => e.Id).Order());
        }
        Assert.NotEqual(schedule.Order(0), schedule.Order(1));
        Assert.Equal(schedule.Order(1), new BatchSchedule(examples, 4, 3, 31).Order(1));
        Assert.NotEqual(schedule.Order(0), new BatchSchedule(examples, 4, 3, 777).Order(0));
    }
}
