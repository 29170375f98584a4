using Ctsft.Circuits;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

public sealed partial class Qwen2Attention
{
    /// <summary>
    /// The decomposed twin of the projections and attention of <see cref="forward"/>: x pair (rows, seq, hidden)
    /// -> z pair (rows, seq, heads, head_dim). Linear rule with bias split on q/k/v, Qwen3's q/k norms by the RMSNorm
    /// rule per head (r from the head's total), rotary on each part after the split, key/value parts per key/value head then repeated, then the pass's attention rule. With
    /// <paramref name="queryPositions"/> (rows,), only each row's query at that position: z (rows, 1, heads, head_dim).
    /// </summary>
    public Decomposed DecomposedHeads(Decomposed x, DecomposedPass pass, Tensor? queryPositions = null)
    {
        if (Adapter is not null) throw new InvalidOperationException("the decomposition reads the plain weights; remove the projection adapter first");
        using var scope = NewDisposeScope();
        var (rows, seq) = (x.Beta.shape[0], x.Beta.shape[1]);
        var (heads, kvHeads, d, group) = (_config.NumAttentionHeads, _config.NumKeyValueHeads, _config.HeadDim, _config.KeyValueGroupSize);
        Decomposed Split(Decomposed input, Linear projection, int count) =>
            CdtRules.Linear(input, projection.weight!, projection.bias).Map(t => t.view(rows, -1, count, d).transpose(1, 2));

        var (cos, sin, mask, queries) = (pass.Cos!, pass.Sin!, pass.Mask, x);
        if (queryPositions is not null)
        {
            var rowIndex = arange(rows, device: x.Beta.device);
            var at = queryPositions.to(x.Beta.device);
            (cos, sin) = (cos[0, 0].index_select(0, at).view(rows, 1, 1, d), sin[0, 0].index_select(0, at).view(rows, 1, 1, d));
            mask = mask.select(1, 0)[rowIndex, at].view(rows, 1, 1, seq);                                               // the query's row of the mask
            queries = x.AtPositions(at);
        }
        var q = CdtRules.Rotary(Normalised(Split(queries, q_proj, heads), q_norm), cos, sin);                 // (R, H, S or 1, d)
        var k = CdtRules.RepeatKeyValue(CdtRules.Rotary(Normalised(Split(x, k_proj, kvHeads), k_norm), pass.Cos!, pass.Sin!), group); // (R, H, S, d)
        var v = CdtRules.RepeatKeyValue(Split(x, v_proj, kvHeads), group);
        var z = CdtRules.Attention(q, k, v, mask, pass.Options.Attention).Map(t => t.transpose(1, 2));      // (R, S or 1, H, d)
        return z.MoveToOuterDisposeScope();
    }

    private static Decomposed Normalised(Decomposed perHead, RmsNorm? norm) => norm is null ? perHead : norm.DecomposedForward(perHead);

    /// <summary>The output projection of a z pair (rows, seq, heads, head_dim) -> (rows, seq, hidden), bias split when it has one.</summary>
    public Decomposed DecomposedOutput(Decomposed z)
    {
        using var scope = NewDisposeScope();
        var (rows, seq) = (z.Beta.shape[0], z.Beta.shape[1]);
        var flat = z.Map(t => t.reshape(rows, seq, -1));
        return CdtRules.Linear(flat, o_proj.weight!, o_proj.bias).MoveToOuterDisposeScope();
    }
}
