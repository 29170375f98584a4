using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertLayer : IDecomposableLayer
{
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
