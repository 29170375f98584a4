using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// Scores source heads by CD-T (method.md 5.3, 5.4) following the cost rules: the ordinary forward runs once per
/// batch and is cached; a source in layer l starts from the cached residual entering l; all heads of a layer are
/// scored in one batched pass (rows = heads x examples, chunked to bound memory). One run yields the depth-0
/// relevance and R(s, t) toward every possible target, so every depth's scores come from the same source runs.
/// </summary>
public sealed class HeadScorer(TransformerModel model, TaskReadout readout, IHeadBaseline baseline,
    DecompositionOptions? options = null, ScoringSettings? settings = null)
{
    public DecompositionOptions Options { get; } = options ?? DecompositionOptions.Default;
    public ScoringSettings Settings { get; } = settings ?? ScoringSettings.Default;

    public HeadScores Score(IReadOnlyList<Example> examples, IEnumerable<HeadRef>? sources = null, IProgress<ScoringProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        if (model is not IDecomposableModel decomposable)
            throw new ArgumentException($"{model.GetType().Name} has no decomposed forward");
        var config = model.Config;
        var heads = (sources ?? config.AllHeads()).Distinct().Order().ToArray();
        foreach (var head in heads) model.HeadParameters.Validate(head);
        var scores = new HeadScores(config, examples.Select(e => e.Id).ToArray(), examples.Select(e => e.Label).ToArray(), readout.Task.NumLabels);
        var total = (long)heads.Length * examples.Count;
        long done = 0;

        Runtime.GlibcMalloc.ReturnLargeBlocksToTheSystem();
        model.eval();
        using var noGrad = no_grad();
        using var direction = TaskDirection.For(model, readout);
        using var headDirections = TaskDirection.ThroughOutputProjections(model, direction);
        var labelTokenIds = readout.LabelTokenIds;
        foreach (var batchIndices in BatchesByLength(examples))
        {
            using var batchScope = NewDisposeScope();
            using var batch = readout.Encode(batchIndices.Select(i => examples[i]).ToArray());
            using var cache = ActivationCache.Run(model, batch.Input, out var output);
            using var totals = new SharedTotals();
            output.Dispose();
            foreach (var layerHeads in heads.GroupBy(h => h.Layer))
            {
                var layer = layerHeads.Key;
                var z = cache.HeadOutputs(layer);
                var mu = baseline.MeanFor(layer, z, batch.Input.AttentionMask, batch.ReadoutPositions);
                foreach (var chunk in layerHeads.Select(h => h.Head).Chunk(HeadsPerChunk(batch)))
                {
                    cancellation.ThrowIfCancellationRequested();
                    ScoreChunk(decomposable, scores, cache, totals, batch, batchIndices, layer, chunk, z, mu, headDirections, labelTokenIds);
                    done += (long)chunk.Length * batchIndices.Length;
                    progress?.Report(new ScoringProgress(done, total, layer));
                }
            }
        }
        return scores;
    }

    private void ScoreChunk(IDecomposableModel decomposable, HeadScores scores, ActivationCache cache, SharedTotals totals, TaskBatch batch, int[] exampleIndices,
        int layer, int[] chunk, Tensor z, Tensor mu, Tensor headDirections, IReadOnlyList<long>? labelTokenIds)
    {
        using var scope = NewDisposeScope();
        var k = chunk.Length;
        var recorder = new TargetRecorder(layer, batch.ReadoutPositions, batch.Labels, headDirections, model.Config.NumLayers - 1);
        var run = new DecompositionRun(
            layer,
            cache.ResidualEntering(layer),
            SourceSplit.Apply(z, mu, batch.Input.AttentionMask, chunk),
            batch.Input.AttentionMask,
            batch.ReadoutPositions,
            Options,
            labelTokenIds,
            recorder,
            LastLayerAtReadoutOnly: true,
            Totals: totals);
        var logits = decomposable.Decompose(run)!.Value;
        var beta = logits.Beta.to(float32).contiguous().cpu().data<float>().ToArray();  // (sources, examples, labels)
        var relevanceByLayer = recorder.ReadByLayer();
        var labels = scores.Labels;
        var heads = model.Config.NumAttentionHeads;
        for (var i = 0; i < k; i++)
            for (var b = 0; b < exampleIndices.Length; b++)
            {
                var row = i * exampleIndices.Length + b;
                var source = new HeadRef(layer, chunk[i]);
                scores.SetBetaLogits(exampleIndices[b], source, beta[(row * labels)..((row + 1) * labels)]);
                foreach (var (targetLayer, relevance) in relevanceByLayer)
                    for (var h = 0; h < heads; h++)
                        scores.SetTargetRelevance(exampleIndices[b], source, new HeadRef(targetLayer, h), relevance[row * heads + h]);
            }
    }

    /// <summary>Heads per chunk so that the widest activation of a chunk (MLP or attention pattern) stays within budget.</summary>
    private int HeadsPerChunk(TaskBatch batch)
    {
        var config = model.Config;
        var seq = batch.Input.SequenceLength;
        var widest = Math.Max(config.IntermediateSize, Math.Max(config.HiddenSize, config.NumAttentionHeads * seq));
        var rows = Math.Max(1, Settings.ChunkElementBudget / (seq * widest));
        return (int)Math.Clamp(rows / batch.Count, 1, config.NumAttentionHeads);
    }

    private IEnumerable<int[]> BatchesByLength(IReadOnlyList<Example> examples)
    {
        var lengths = examples.Select(e => readout.Encode(e).InputIds.Length).ToArray();
        var order = Enumerable.Range(0, examples.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i).ToArray();
        return order.Chunk(Math.Max(1, Settings.BatchSizeFor(model)));
    }
}
