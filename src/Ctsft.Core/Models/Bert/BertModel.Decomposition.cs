using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertPooler
{
    /// <summary>The decomposed twin of <see cref="forward"/> on the first token's pair (rows, hidden): dense by the linear rule, tanh by the activation rule.</summary>
    public Decomposed DecomposedForward(Decomposed first)
    {
        using var scope = NewDisposeScope();
        return CdtRules.Activation(CdtRules.Linear(first, dense.weight!, dense.bias), t => t.tanh_()).MoveToOuterDisposeScope();
    }
}
