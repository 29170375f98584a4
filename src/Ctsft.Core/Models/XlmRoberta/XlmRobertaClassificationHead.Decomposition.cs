using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.XlmRoberta;

public sealed partial class XlmRobertaClassificationHead
{
    /// <summary>
    /// The decomposed twin of <see cref="forward"/> on the first token's pair (rows, hidden): dense by the linear rule,
    /// tanh by the activation rule, out_proj by the linear rule (no collapse in the readout).
    /// </summary>
    public Decomposed DecomposedForward(Decomposed first)
    {
        using var scope = NewDisposeScope();
        var pooled = CdtRules.Activation(CdtRules.Linear(first, dense.weight!, dense.bias), t => t.tanh_());
        return CdtRules.Linear(pooled, out_proj.weight!, out_proj.bias).MoveToOuterDisposeScope();
    }
}
