using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// One batched decomposed pass (method.md 5.3) of several source heads (of one layer) on a batch of examples: beta is
/// carried per (source, example), the ordinary totals per example. The pass starts in
/// <see cref="SourceLayer"/> from the cached residual entering it (beta = 0 there) with the source layer's heads
/// already split (<see cref="SourceHeads"/>), and runs to the readout, or only up to the heads of
/// <see cref="StopAfterLayer"/> when that is set (depth >= 1 targets need nothing beyond).
/// <see cref="LastLayerAtReadoutOnly"/> skips what the readout cannot see (a cost rule; the numbers do not change);
/// <see cref="Totals"/>, shared by the passes over one batch, computes the ordinary totals once (a cost rule; the numbers
/// change by float rounding at most).
/// </summary>
/// <param name="Residual">(examples, seq, hidden): the ordinary residual stream entering the source layer.</param>
/// <param name="SourceHeads">The source layer's z split per source head: beta (sources, examples, seq, heads, head_dim), total (examples, seq, heads, head_dim).</param>
/// <param name="AttentionMask">(examples, seq) int64, 1 = real token.</param>
/// <param name="ReadoutPositions">(examples,) int64: where each example's label is read.</param>
/// <param name="LabelTokenIds">Decoders: the verbalizer tokens whose unembedding rows give the label logits.</param>
public sealed record DecompositionRun(
    int SourceLayer,
    Tensor Residual,
    Decomposed SourceHeads,
    Tensor AttentionMask,
    Tensor ReadoutPositions,
    DecompositionOptions Options,
    IReadOnlyList<long>? LabelTokenIds = null,
    IDecompositionObserver? Observer = null,
    int? StopAfterLayer = null,
    bool LastLayerAtReadoutOnly = false,
    SharedTotals? Totals = null)
{
    /// <summary>How many source heads the pass carries beta for.</summary>
    public long Sources => SourceHeads.Beta.shape[0];

    /// <summary>
    /// Whether <paramref name="layer"/> is computed at the readout position only: nothing after the last layer reads
    /// its other positions, so with <see cref="LastLayerAtReadoutOnly"/> its queries, MLP and outputs are computed
    /// there alone (its observer sees (…, examples, 1, ...) pairs).
    /// </summary>
    public bool AtReadoutOnly(int layer, int layers) => LastLayerAtReadoutOnly && StopAfterLayer is null && layer == layers - 1;
}
