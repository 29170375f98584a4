using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertAttention
{
    /// <summary>The decomposed twin of the output half of <see cref="forward"/>: z pair -> LayerNorm(x + dense(z)), no collapse.</summary>
    public Decomposed DecomposedFromHeads(Decomposed x, Decomposed z)
    {
        using var scope = NewDisposeScope();
        var (rows, seq) = (z.Beta.shape[0], z.Beta.shape[1]);
        return output.DecomposedForward(z.Map(t => t.reshape(rows, seq, -1)), x, collapse: false).MoveToOuterDisposeScope();
    }
}
