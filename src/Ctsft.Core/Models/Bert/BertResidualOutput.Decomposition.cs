using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertResidualOutput
{
    /// <summary>
    /// The decomposed twin of <see cref="forward"/>: dense by the linear rule, the residual add, LayerNorm by its
    /// rule. <paramref name="collapse"/> collapses sign conflicts after dense and after the add (method.md 9:
    /// the feed-forward output does, the attention output does not).
    /// </summary>
    public Decomposed DecomposedForward(Decomposed x, Decomposed residual, bool collapse)
    {
        if (Adapter is not null) throw new InvalidOperationException("the decomposition reads the plain weights; remove the projection adapter first");
        using var scope = NewDisposeScope();
        var projected = CdtRules.Collapse(CdtRules.Linear(x, dense.weight!, dense.bias), collapse);
        var sum = CdtRules.Collapse(CdtRules.Add(residual, projected), collapse);
        return CdtRules.LayerNorm(sum, LayerNorm.weight!, LayerNorm.bias!, _eps).MoveToOuterDisposeScope();
    }
}
