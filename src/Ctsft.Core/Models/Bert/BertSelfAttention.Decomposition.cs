using Ctsft.Circuits;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertSelfAttention
{
    /// <summary>
    /// The decomposed twin of <see cref="forward"/>: x pair (…, seq, hidden) -> z pair (…, seq, heads,
    /// head_dim); linear rule with bias split on query/key/value, then the pass's attention rule. With
    /// <paramref name="queryPositions"/> (examples,), only each example's query at that position: z (…, 1, heads, head_dim).
    /// </summary>
    public Decomposed DecomposedHeads(Decomposed x, DecomposedPass pass, Tensor? queryPositions = null)
    {
        if (Adapter is not null) throw new InvalidOperationException("the decomposition reads the plain weights; remove the projection adapter first");
        using var scope = NewDisposeScope();
        var (heads, d) = (_config.NumAttentionHeads, _config.HeadDim);
        Decomposed Split(Decomposed input, Linear projection) =>
            CdtRules.Linear(input, projection.weight!, projection.bias).Map(t => t.unflatten(t.dim() - 1, heads, d).transpose(-3, -2));  // (…, H, S, d)
        var queries = queryPositions is null ? x : x.AtPositions(queryPositions);                // the padding mask is the same for every query
        var z = CdtRules.Attention(Split(queries, query), Split(x, key), Split(x, value), pass.Mask, pass.Options.Attention);
        return z.Map(t => t.transpose(-3, -2)).MoveToOuterDisposeScope();  // (…, S, H, d)
    }
}
