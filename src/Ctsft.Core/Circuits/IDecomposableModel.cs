using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// A model whose forward has a decomposed twin (CD-T), described by what its layers provide; the driver loop that
/// runs them is <see cref="Decomposition"/>, the same for every family.
/// </summary>
public interface IDecomposableModel
{
    /// <summary>What every layer of a pass shares: the attention mask in the family's shape, rotary angles where it has them.</summary>
    DecomposedPass BeginDecomposedPass(DecompositionRun run);

    IReadOnlyList<IDecomposableLayer> DecomposableLayers { get; }

    /// <summary>The readout from the last layer's output at each row's readout position, (rows, hidden) -> label logits (rows, labels).</summary>
    Decomposed DecomposedReadout(Decomposed atReadout, DecompositionRun run);
}

/// <summary>One layer's decomposed forward, in the two halves the driver needs: up to its heads' z, and the rest from z.</summary>
public interface IDecomposableLayer
{
    /// <summary>The heads' z pair (rows, seq, heads, head_dim) from the layer's input; with query positions (rows,), only there: (rows, 1, heads, head_dim).</summary>
    Decomposed DecomposedHeads(Decomposed x, DecomposedPass pass, Tensor? queryPositions = null);

    /// <summary>The rest of the layer from its input and its heads' z pair; reports both to the pass's observer.</summary>
    Decomposed DecomposedFromHeads(Decomposed x, Decomposed z, DecomposedPass pass);
}
