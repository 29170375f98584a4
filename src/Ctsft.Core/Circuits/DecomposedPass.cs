using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// What every layer of one decomposed pass shares: the options, the attention mask (true = may attend, in the
/// family's shape), the rotary angles (decoders) and an optional observer of the intermediate pairs.
/// </summary>
public sealed record DecomposedPass(DecompositionOptions Options, Tensor Mask, Tensor? Cos = null, Tensor? Sin = null,
    IDecompositionObserver? Observer = null);

/// <summary>Sees the (beta, gamma) pairs of a decomposed pass as they are computed (tests, depth >= 1 targets).</summary>
public interface IDecompositionObserver
{
    /// <summary>
    /// Every head's z pair in <paramref name="layer"/>, (rows, seq, heads, head_dim); (rows, 1, heads, head_dim) at the
    /// readout position for a layer computed there only (<see cref="DecompositionRun.LastLayerAtReadoutOnly"/>).
    /// </summary>
    void HeadOutputs(int layer, Decomposed z);

    /// <summary>The residual stream pair leaving <paramref name="layer"/>, (rows, seq, hidden).</summary>
    void LayerOutput(int layer, Decomposed x);
}
