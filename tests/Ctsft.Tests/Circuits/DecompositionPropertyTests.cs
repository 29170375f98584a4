using Ctsft.Circuits;
using Ctsft.Models;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Tests.Circuits;

/// <summary>
/// The properties of method.md 5.3 on both families (every fixture model): beta + gamma equals the ordinary forward
/// at every layer and at the readout; mu = the example's own z makes every score zero; scoring heads batched equals
/// scoring them one at a time; padding and batch size do not change a score.
/// </summary>
public class DecompositionPropertyTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    [Theory, MemberData(nameof(Fixtures))]
    public void Beta_plus_gamma_is_the_ordinary_forward_at_every_layer_and_the_readout(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var model = circuit.Model;
        var config = model.Config;
        var labelIds = (circuit.Readout as DecoderReadout)?.LabelTokenIds;
        model.eval();
        using var noGrad = no_grad();
        foreach (var options in GoldenCircuit.AllOptions)
        {
            using var scope = NewDisposeScope();
            using var batch = circuit.Readout.Encode(circuit.DiscoverySet);  // right-padded: lengths differ
            using var cache = ActivationCache.Run(model, batch.Input, out var output);
            var ordinaryLogits = circuit.Readout.LabelLogits(model, output, batch);
            var heads = Enumerable.Range(0, config.NumAttentionHeads).ToArray();
            var real = batch.Input.AttentionMask.to(float32).unsqueeze(-1);
            for (var layer = 0; layer < config.NumLayers; layer++)
            {
                var z = cache.HeadOutputs(layer);
                var split = SourceSplit.Apply(z, means.MeanFor(layer, z, batch.Input.AttentionMask, batch.ReadoutPositions), batch.Input.AttentionMask, heads);
                var observer = new TotalsObserver();
                var run = new DecompositionRun(layer, cache.ResidualEntering(layer), split, batch.Input.AttentionMask,
                    batch.ReadoutPositions, options, labelIds, observer);
                var logits = ((IDecomposableModel)model).Decompose(run)!.Value;
                Assert.True(split.Beta.abs().sum().item<float>() > 0, "the source split must carry something relevant");
                TensorAssert.Close(ordinaryLogits, logits.Total, 1e-4, 1e-4, $"{options} source layer {layer}: label logits");
                TensorAssert.Close(ordinaryLogits.expand_as(logits.Beta), logits.Beta + logits.Gamma(), 1e-4, 1e-4, $"{options} source layer {layer}: beta + gamma");
                var atReadoutOnly = ((IDecomposableModel)model).Decompose(run with { Observer = null, LastLayerAtReadoutOnly = true })!.Value;
                TensorAssert.Close(logits.Beta, atReadoutOnly.Beta, 1e-5, 1e-4, $"{options} source layer {layer}: beta logits, last layer at the readout only");
                TensorAssert.Close(ordinaryLogits, atReadoutOnly.Total, 1e-4, 1e-4, $"{options} source layer {layer}: label logits, last layer at the readout only");
                for (var later = layer; later < config.NumLayers; later++)
                {
                    var what = $"{options} source layer {layer}, layer {later}";
                    var expectedZ = cache.HeadOutputs(later) * real.unsqueeze(-1);
                    TensorAssert.Close(expectedZ, observer.Z[later] * real.unsqueeze(-1), 1e-4, 1e-4, what + " z");
                    var expectedOut = cache.LayerOutput(later) * real;
                    TensorAssert.Close(expectedOut, observer.Output[later] * real, 1e-4, 1e-4, what + " output");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void With_the_examples_own_activations_as_the_mean_every_score_is_zero(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        var scores = new HeadScorer(circuit.Model, circuit.Readout, new OwnActivationsBaseline(), DecompositionOptions.Default).Score(circuit.DiscoverySet);
        var config = circuit.Model.Config;
        for (var e = 0; e < circuit.DiscoverySet.Count; e++)
            foreach (var source in config.AllHeads())
            {
                for (var c = 0; c < scores.Labels; c++)
                    Assert.True(Math.Abs(scores.BetaLogit(e, source, c)) <= 1e-6, $"{source} example {e} label {c}: {scores.BetaLogit(e, source, c)}");
                foreach (var target in config.AllHeads())
                    Assert.True(Math.Abs(scores.TargetRelevance(e, source, target)) <= 1e-6);
            }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Scoring_all_heads_in_one_pass_equals_scoring_them_one_at_a_time(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var scorer = new HeadScorer(circuit.Model, circuit.Readout, means);
        var batched = scorer.Score(circuit.DiscoverySet);
        var config = circuit.Model.Config;
        foreach (var head in config.AllHeads())
        {
            var single = scorer.Score(circuit.DiscoverySet, [head]);
            AssertSameScores(batched, single, [head], config, $"{head} alone");
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Padding_and_batch_size_do_not_change_a_score(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var config = circuit.Model.Config;
        var unpadded = new HeadScorer(circuit.Model, circuit.Readout, means, settings: new ScoringSettings(ExampleBatchSize: 1)).Score(circuit.DiscoverySet);
        foreach (var settings in new[] { new ScoringSettings(ExampleBatchSize: 3), new ScoringSettings(ExampleBatchSize: 4, ChunkElementBudget: 1) })
        {
            var other = new HeadScorer(circuit.Model, circuit.Readout, means, settings: settings).Score(circuit.DiscoverySet);
            AssertSameScores(unpadded, other, config.AllHeads().ToArray(), config, settings.ToString());
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void A_run_stopped_after_the_target_layer_gives_the_same_target_relevance(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var model = circuit.Model;
        var config = model.Config;
        var full = new HeadScorer(model, circuit.Readout, means).Score(circuit.DiscoverySet);
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var batch = circuit.Readout.Encode(circuit.DiscoverySet);
        using var cache = ActivationCache.Run(model, batch.Input, out _);
        var z = cache.HeadOutputs(0);
        var observer = new TotalsObserver();
        var heads = Enumerable.Range(0, config.NumAttentionHeads).ToArray();
        var run = new DecompositionRun(0, cache.ResidualEntering(0),
            SourceSplit.Apply(z, means.MeanFor(0, z, batch.Input.AttentionMask, batch.ReadoutPositions), batch.Input.AttentionMask, heads),
            batch.Input.AttentionMask, batch.ReadoutPositions, DecompositionOptions.Default,
            (circuit.Readout as DecoderReadout)?.LabelTokenIds, observer, StopAfterLayer: 1);
        Assert.Null(((IDecomposableModel)model).Decompose(run));
        Assert.Equal([0, 1], observer.Z.Keys.Order());
        var directions = TaskDirection.ThroughOutputProjections(model, TaskDirection.For(model, circuit.Readout));
        for (var e = 0; e < circuit.DiscoverySet.Count; e++)
            foreach (var h in heads)
            {
                var readout = batch.ReadoutPositions[e].item<long>();
                for (var t = 0; t < config.NumAttentionHeads; t++)
                {
                    var expected = full.TargetRelevance(e, new HeadRef(0, h), new HeadRef(1, t));
                    var actual = observer.Beta[1][h, e, readout, t].dot(directions[1, t, batch.Labels[e].item<long>()]).item<float>();
                    Assert.True(Math.Abs(expected - actual) <= 1e-6, $"R(L0H{h}, L1H{t}) example {e}: {expected} vs {actual}");
                }
            }
    }

    private static void AssertSameScores(HeadScores expected, HeadScores actual, IReadOnlyList<HeadRef> sources, TransformerConfig config, string what)
    {
        for (var e = 0; e < expected.ExampleIds.Count; e++)
            foreach (var source in sources)
            {
                for (var c = 0; c < expected.Labels; c++)
                    Assert.True(Math.Abs(expected.BetaLogit(e, source, c) - actual.BetaLogit(e, source, c)) <= 1e-5,
                        $"{what}: {source} example {e} label {c}: {expected.BetaLogit(e, source, c)} vs {actual.BetaLogit(e, source, c)}");
                foreach (var target in config.AllHeads())
                    Assert.True(Math.Abs(expected.TargetRelevance(e, source, target) - actual.TargetRelevance(e, source, target)) <= 1e-6,
                        $"{what}: R({source}, {target}) example {e}");
            }
    }

    /// <summary>Keeps beta + gamma (and beta) of every z and layer output a pass computes.</summary>
    private sealed class TotalsObserver : IDecompositionObserver
    {
        public Dictionary<int, Tensor> Z { get; } = new();
        public Dictionary<int, Tensor> Beta { get; } = new();
        public Dictionary<int, Tensor> Output { get; } = new();

        public void HeadOutputs(int layer, Decomposed z)
        {
            Z[layer] = z.Total.clone().DetachFromDisposeScope();
            Beta[layer] = z.Beta.clone().DetachFromDisposeScope();
        }

        public void LayerOutput(int layer, Decomposed x) => Output[layer] = x.Total.clone().DetachFromDisposeScope();
    }
}
