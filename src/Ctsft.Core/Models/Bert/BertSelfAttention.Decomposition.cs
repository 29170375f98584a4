using Ctsft.Circuits;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertSelfAttention
{
    /// <summary>
    /// The decomposed twin of <see cref="forward"/>: x pair (rows, seq, hidden) -> z pair (rows, seq, heads,
    /// head_dim); linear rule with bias split on query/key/value, then the pass's attention rule.
    /// </summary>
    public Decomposed DecomposedHeads(Decomposed x, DecomposedPass pass)
    {
        if (Adapter is not null) throw new InvalidOperationException("the decomposition reads the plain weights; remove the projection adapter first");
        using var scope = NewDisposeScope();
        var (rows, seq) = (x.Beta.shape[0], x.Beta.shape[1]);
        var (heads, d) = (_config.NumAttentionHeads, _config.HeadDim);
        Decomposed Split(Linear projection) =>
            CdtRules.Linear(x, projection.weight!, projection.bias).Map(t => t.view(rows, seq, heads, d).transpose(1, 2));  // (R, H, S, d)
        var z = CdtRules.Attention(Split(query), Split(key), Split(value), pass.Mask, pass.Options.Attention);
        return z.Map(t => t.transpose(1, 2)).MoveToOuterDisposeScope();  // (R, S, H, d)
    }
}
