using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertPooler
{
    /// <summary>The decomposed twin of <see cref="forward"/>: first token, dense by the linear rule, tanh by the activation rule.</summary>
    public Decomposed DecomposedForward(Decomposed hidden)
    {
        using var scope = NewDisposeScope();
        var first = hidden.Map(t => t[TensorIndex.Colon, 0]);
        return CdtRules.Activation(CdtRules.Linear(first, dense.weight!, dense.bias), t => t.tanh()).MoveToOuterDisposeScope();
    }
}
