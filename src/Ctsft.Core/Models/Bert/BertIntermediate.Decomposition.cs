using Ctsft.Circuits;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Models.Bert;

public sealed partial class BertIntermediate
{
    /// <summary>The decomposed twin of <see cref="forward"/>: dense by the linear rule (collapsed), GELU by the activation rule.</summary>
    public Decomposed DecomposedForward(Decomposed x, bool collapse)
    {
        using var scope = NewDisposeScope();
        var projected = CdtRules.Collapse(CdtRules.Linear(x, dense.weight!, dense.bias), collapse);
        return CdtRules.Activation(projected, t => F.gelu(t)).MoveToOuterDisposeScope();
    }
}
