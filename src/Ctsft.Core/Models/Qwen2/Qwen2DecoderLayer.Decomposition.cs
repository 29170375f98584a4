using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

public sealed partial class Qwen2DecoderLayer : IDecomposableLayer
{
    /// <summary>Only the heads' z pair of this layer (the last layer a depth >= 1 run needs), optionally at query positions only.</summary>
    public Decomposed DecomposedHeads(Decomposed x, DecomposedPass pass, Tensor? queryPositions = null)
    {
        using var scope = NewDisposeScope();
        return self_attn.DecomposedHeads(input_layernorm.DecomposedForward(x), pass, queryPositions).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The rest of the layer from its heads' z pair: output projection, residual add (no collapse), then the
    /// MLP and the residual add that ends the layer (collapsed).
    /// </summary>
    public Decomposed DecomposedFromHeads(Decomposed x, Decomposed z, DecomposedPass pass)
    {
        using var scope = NewDisposeScope();
        pass.Observer?.HeadOutputs(_index, z);
        var mid = CdtRules.Add(x, self_attn.DecomposedOutput(z));
        var mlpOut = mlp.DecomposedForward(post_attention_layernorm.DecomposedForward(mid), pass.Options.Collapse);
        var output = CdtRules.Collapse(CdtRules.Add(mid, mlpOut), pass.Options.Collapse);
        pass.Observer?.LayerOutput(_index, output);
        return output.MoveToOuterDisposeScope();
    }
}
