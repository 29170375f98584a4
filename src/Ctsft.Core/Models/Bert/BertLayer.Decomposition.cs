using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertLayer
{
    /// <summary>The decomposed twin of <see cref="forward"/>, for a layer above the source.</summary>
    public Decomposed DecomposedForward(Decomposed x, DecomposedPass pass)
    {
        using var scope = NewDisposeScope();
        return DecomposedFromHeads(x, DecomposedHeads(x, pass), pass).MoveToOuterDisposeScope();
    }

    /// <summary>The layer at each row's readout position only: (rows, seq, hidden) -> (rows, 1, hidden).</summary>
    public Decomposed DecomposedForwardAtReadout(Decomposed x, DecomposedPass pass, Tensor readoutPositions)
    {
        using var scope = NewDisposeScope();
        var z = DecomposedHeads(x, pass, readoutPositions);
        return DecomposedFromHeads(x.AtPositions(readoutPositions), z, pass).MoveToOuterDisposeScope();
    }

    /// <summary>Only the heads' z pair of this layer (the last layer a depth >= 1 run needs), optionally at query positions only.</summary>
    public Decomposed DecomposedHeads(Decomposed x, DecomposedPass pass, Tensor? queryPositions = null) =>
        attention.self.DecomposedHeads(x, pass, queryPositions);

    /// <summary>The rest of the layer from its heads' z pair: attention output, then the feed-forward sub-block (collapsed).</summary>
    public Decomposed DecomposedFromHeads(Decomposed x, Decomposed z, DecomposedPass pass)
    {
        using var scope = NewDisposeScope();
        pass.Observer?.HeadOutputs(_index, z);
        var mid = attention.DecomposedFromHeads(x, z);
        var result = output.DecomposedForward(intermediate.DecomposedForward(mid, pass.Options.Collapse), mid, pass.Options.Collapse);
        pass.Observer?.LayerOutput(_index, result);
        return result.MoveToOuterDisposeScope();
    }
}
