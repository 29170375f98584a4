using Ctsft.Circuits;
using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Tests.Circuits;

/// <summary>Mean ablation and faithfulness (method.md 5.6).</summary>
public class FaithfulnessTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    [Theory, MemberData(nameof(Fixtures))]
    public void Keeping_every_head_is_the_full_model(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var faithfulness = new Faithfulness(circuit.Model, circuit.Readout, means, MarginDefinition.MeanOfOthers);
        var full = faithfulness.Evaluate(circuit.MeanSet);
        var all = faithfulness.Compare("all", circuit.Model.Config.AllHeads().ToArray(), circuit.MeanSet, full);
        Assert.Equal(full, all.Kept);
        Assert.Equal(1.0, all.AccuracyFaithfulness);
        Assert.Equal(1.0, all.MarginFaithfulness);
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Ablating_with_the_examples_own_activations_changes_nothing(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        var faithfulness = new Faithfulness(circuit.Model, circuit.Readout, new OwnActivationsBaseline(), MarginDefinition.MaxOfOthers);
        var full = faithfulness.Evaluate(circuit.DiscoverySet);
        var none = faithfulness.Evaluate(circuit.DiscoverySet, HeadSet.Empty);
        Assert.Equal(full.Accuracy, none.Accuracy);
        Assert.Equal(full.MeanMargin, none.MeanMargin, 1e-6);
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Heads_outside_the_kept_set_carry_their_readout_mean_at_the_readout_and_the_other_mean_elsewhere(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var config = circuit.Model.Config;
        var kept = new HeadSet([new HeadRef(0, 1), new HeadRef(config.NumLayers - 1, 0)]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = circuit.Readout.Encode(circuit.DiscoverySet);
        var ablation = MeanAblation.Hooks(kept, means, config, batch.Input.AttentionMask, batch.ReadoutPositions);
        var seen = new Dictionary<int, Tensor>();
        var hooks = new ForwardHooks
        {
            HeadOutputs = (layer, z) =>
            {
                var replaced = ablation.HeadOutputs!(layer, z);
                seen[layer] = replaced.clone().DetachFromDisposeScope();
                return replaced;
            },
        };
        circuit.Model.Forward(batch.Input, hooks).Dispose();
        var readoutPosition = batch.ReadoutPositions[0].item<long>();
        var otherPosition = readoutPosition == 0 ? 1 : 0;
        foreach (var head in config.AllHeads())
        {
            var atReadout = seen[head.Layer][0, readoutPosition, head.Head];
            var elsewhere = seen[head.Layer][0, otherPosition, head.Head];
            if (kept.Contains(head))
            {
                Assert.False(atReadout.allclose(means.Readout[head.Layer, head.Head]));
                continue;
            }
            TensorAssert.Close(means.Readout[head.Layer, head.Head], atReadout, 1e-6, 0, $"{head} at the readout");
            TensorAssert.Close(means.Other[head.Layer, head.Head], elsewhere, 1e-6, 0, $"{head} elsewhere");
        }
    }

    [Fact]
    public void Gold_margins_subtract_the_mean_or_the_max_of_the_other_labels()
    {
        using var logits = tensor(new double[] { 3, 1, -1, 0, 2, 5 }, [2, 3]);
        using var labels = tensor(new long[] { 0, 1 });
        Assert.Equal([3.0, -0.5], Faithfulness.GoldMargins(logits, labels, MarginDefinition.MeanOfOthers).data<double>().ToArray());
        Assert.Equal([2.0, -3.0], Faithfulness.GoldMargins(logits, labels, MarginDefinition.MaxOfOthers).data<double>().ToArray());
    }
}
