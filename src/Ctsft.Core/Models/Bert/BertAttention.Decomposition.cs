using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertAttention
{
    /// <summary>The decomposed twin of the output half of <see cref="forward"/>: z pair -> LayerNorm(x + dense(z)), no collapse.</summary>
    public Decomposed DecomposedFromHeads(Decomposed x, Decomposed z)
    {
        using var scope = NewDisposeScope();
        return output.DecomposedForward(z.Map(t => t.flatten(-2)), x, collapse: false).MoveToOuterDisposeScope();
    }
}
