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
