using Ctsft.Runtime;
using Ctsft.Circuits;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

public sealed partial class Qwen2Attention
{
    /// <summary>
    /// The decomposed twin of the projections and attention of <see cref="forward"/>: x pair (…, seq, hidden)
    /// -> z pair (…, seq, heads, head_dim). Linear rule with bias split on q/k/v, Qwen3's q/k norms by the RMSNorm
    /// rule per head (r from the head's total), rotary on each part after the split, key/value parts per key/value head then repeated, then the pass's attention rule. With
    /// <paramref name="queryPositions"/> (examples,), only each example's query at that position: z (…, 1, heads, head_dim).
    /// </summary>
    public Decomposed DecomposedHeads(Decomposed x, DecomposedPass pass, Tensor? queryPositions = null)
    {
        if (Adapter is not null) throw new InvalidOperationException("the decomposition reads the plain weights; remove the projection adapter first");
        using var scope = NewDisposeScope();
        var (examples, seq) = (x.Total.shape[0], x.Total.shape[1]);
        var (heads, kvHeads, d, group) = (_config.NumAttentionHeads, _config.NumKeyValueHeads, _config.HeadDim, _config.KeyValueGroupSize);
        Decomposed Split(Decomposed input, Linear projection, int count) =>
            CdtRules.Linear(input, projection.weight!, projection.bias).Map(t => t.unflatten(t.dim() - 1, count, d).transpose(-3, -2));  // (…, heads, seq, d)

        var (cos, sin, mask, queries) = (pass.Cos!, pass.Sin!, pass.Mask, x);
        if (queryPositions is not null)
        {
            var exampleIndex = HeldScalars.Range(examples, x.Total.device);
            var at = queryPositions.to(x.Total.device);
            (cos, sin) = (cos[0, 0].index_select(0, at).view(examples, 1, 1, d), sin[0, 0].index_select(0, at).view(examples, 1, 1, d));
            mask = mask.select(1, 0)[exampleIndex, at].view(examples, 1, 1, seq);                                       // the query's row of the mask
            queries = x.AtPositions(at);
        }
        var q = CdtRules.Rotary(Normalised(Split(queries, q_proj, heads), q_norm), cos, sin);                 // (…, H, S or 1, d)
        var k = CdtRules.RepeatKeyValue(CdtRules.Rotary(Normalised(Split(x, k_proj, kvHeads), k_norm), pass.Cos!, pass.Sin!), group); // (…, H, S, d)
        var v = CdtRules.RepeatKeyValue(Split(x, v_proj, kvHeads), group);
        var z = CdtRules.Attention(q, k, v, mask, pass.Options.Attention).Map(t => t.transpose(-3, -2));    // (…, S or 1, H, d)
        return z.MoveToOuterDisposeScope();
    }

    private static Decomposed Normalised(Decomposed perHead, RmsNorm? norm) => norm is null ? perHead : norm.DecomposedForward(perHead);

    /// <summary>The output projection of a z pair (…, seq, heads, head_dim) -> (…, seq, hidden), bias split when it has one.</summary>
    public Decomposed DecomposedOutput(Decomposed z)
    {
        using var scope = NewDisposeScope();
        return CdtRules.Linear(z.Map(t => t.flatten(-2)), o_proj.weight!, o_proj.bias).MoveToOuterDisposeScope();
    }
}
