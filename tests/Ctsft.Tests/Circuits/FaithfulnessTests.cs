using Ctsft.Circuits;
using Ctsft.Models;
using Ctsft.Tests.Training;
using static TorchSharp.torch;

namespace Ctsft.Tests.Circuits;

/// <summary>Mean ablation and faithfulness (method.md 5.6).</summary>
public class FaithfulnessTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    /// <summary>Ablated heads of a config: the first head of layer 0 and the last head of the last layer.</summary>
    private static HeadSet Ablated(TransformerConfig config) =>
        new([new HeadRef(0, 0), new HeadRef(config.NumLayers - 1, config.NumAttentionHeads - 1)]);

    [Theory, MemberData(nameof(Fixtures))]
    public void Ablating_a_set_changes_exactly_those_heads_z_and_the_logits_follow_an_independent_ablation(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var config = circuit.Model.Config;
        var ablated = Ablated(config);
        var kept = new HeadSet(config.AllHeads().Where(h => !ablated.Contains(h)));
        var faithfulness = new Faithfulness(circuit.Model, circuit.Readout, means, MarginDefinition.MeanOfOthers, batchSize: 3);
        var viaLibrary = faithfulness.Evaluate(circuit.DiscoverySet, kept);
        circuit.Model.eval();
        using var noGrad = no_grad();
        double correct = 0, margins = 0;
        var anyLogitMoved = false;
        foreach (var example in circuit.DiscoverySet)
        {
            using var scope = NewDisposeScope();
            using var batch = circuit.Readout.Encode([example]);
            var readout = batch.ReadoutPositions[0].item<long>();
            var length = batch.Input.AttentionMask.sum().item<long>();
            // Independent: replace the ablated heads' z by hand (readout mean at the readout, the other mean elsewhere).
            var byHand = new Dictionary<int, Tensor>();
            var handHooks = new ForwardHooks
            {
                HeadOutputs = (layer, z) =>
                {
                    var replaced = z.clone().DetachFromDisposeScope();   // the forward's own scope would dispose it
                    foreach (var head in ablated.Where(h => h.Layer == layer))
                        for (long p = 0; p < length; p++)
                            replaced[0, p, head.Head] = p == readout ? means.Readout[layer, head.Head] : means.Other[layer, head.Head];
                    byHand[layer] = replaced;
                    return replaced;
                },
            };
            var handLogits = circuit.Readout.LabelLogits(circuit.Model, batch, handHooks).to(float64);
            var plain = new Dictionary<int, Tensor>();
            var plainLogits = circuit.Readout.LabelLogits(circuit.Model, batch, new ForwardHooks { HeadOutputs = (layer, z) => plain[layer] = z.clone().DetachFromDisposeScope() }).to(float64);
            var ablation = MeanAblation.Hooks(kept, means, config, batch.Input.AttentionMask, batch.ReadoutPositions);
            var library = new Dictionary<int, Tensor>();
            var libraryLogits = circuit.Readout.LabelLogits(circuit.Model, batch, new ForwardHooks
            {
                HeadOutputs = (layer, z) => library[layer] = ablation.HeadOutputs!(layer, z).clone().DetachFromDisposeScope(),
            }).to(float64);

            var firstAblatedLayer = ablated.Min(h => h.Layer);
            foreach (var head in config.AllHeads())
            {
                var ours = library[head.Layer][0, TensorIndex.Slice(0, length), head.Head];
                TensorAssert.Close(byHand[head.Layer][0, TensorIndex.Slice(0, length), head.Head], ours, 1e-6, 1e-6, $"{fixture} z of {head}");
                var untouched = plain[head.Layer][0, TensorIndex.Slice(0, length), head.Head];
                if (ablated.Contains(head))
                    Assert.False(ours.allclose(untouched, 1e-6, 1e-6), $"{fixture}: ablated {head} kept its own z");
                else if (head.Layer <= firstAblatedLayer)
                    Assert.True(Bits.Identical(untouched, ours), $"{fixture}: kept {head} at or before the first ablated layer changed");
            }
            TensorAssert.Close(handLogits, libraryLogits, 1e-5, 1e-5, $"{fixture} label logits");
            anyLogitMoved |= !handLogits.allclose(plainLogits, 1e-6, 1e-6);
            correct += handLogits.argmax(1).item<long>() == example.Label ? 1 : 0;
            margins += Faithfulness.GoldMargins(handLogits, batch.Labels, MarginDefinition.MeanOfOthers).item<double>();
            foreach (var z in byHand.Values.Concat(plain.Values).Concat(library.Values)) z.Dispose();
        }
        Assert.True(anyLogitMoved, $"{fixture}: ablating {ablated} changed no label logit");
        Assert.Equal(correct / circuit.DiscoverySet.Count, viaLibrary.Accuracy, 12);
        Assert.InRange(Math.Abs(margins / circuit.DiscoverySet.Count - viaLibrary.MeanMargin), 0, 1e-5);
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
