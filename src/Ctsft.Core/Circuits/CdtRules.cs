using Ctsft.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Circuits;

/// <summary>
/// The CD-T propagation rules of method.md 5.3 and 9, one small pure function per layer type. Each takes and
/// returns <see cref="Decomposed"/> pairs: beta per source, (sources, examples, ...), and the ordinary total per
/// example, (examples, ...); gamma = total - beta wherever a rule reads it, so a linear map costs one product per
/// source (on beta) plus one per example (on the total) instead of two per source. The modules' decomposed forwards
/// (the <c>*.Decomposition.cs</c> files beside each module) compose these with the module's own weights.
/// </summary>
public static class CdtRules
{
    /// <summary>
    /// Linear y = W x + b: bw = W beta, gw = W gamma (= W total - bw), and the bias split per output element in
    /// proportion to |bw| and |gw| (exactly, no epsilon; all of it to gamma where both are zero).
    /// </summary>
    public static Decomposed Linear(Decomposed x, Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var bw = MixedPrecision.MatMul(x.Beta, weight.t());
        var tw = MixedPrecision.MatMul(x.Total, weight.t());
        if (bias is null) return new Decomposed(bw, tw).MoveToOuterDisposeScope();
        AddBiasShare(bw, bias, bw.abs(), (tw - bw).abs_());
        return new Decomposed(bw, tw.add_(bias)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Adds to <paramref name="beta"/> (in place: a fresh tensor of the caller) its share of <paramref name="bias"/>,
    /// |beta weight| / (|beta weight| + |gamma weight|), exactly; where both are zero the share is 0 (all to gamma).
    /// <paramref name="betaWeight"/> is consumed.
    /// </summary>
    private static void AddBiasShare(Tensor beta, Tensor bias, Tensor betaWeight, Tensor gammaWeight)
    {
        using var scope = NewDisposeScope();
        // 0 / 0 (both parts zero) is NaN and becomes a share of 0.
        beta.add_(betaWeight.div_(gammaWeight.add_(betaWeight)).nan_to_num_(0.0).mul_(bias));
    }

    /// <summary>
    /// LayerNorm: sigma from the total (biased variance + eps); each part centred by its own mean, divided by the
    /// shared sigma, times the gain; the bias split by |beta| and |gamma| of the input.
    /// </summary>
    public static Decomposed LayerNorm(Decomposed x, Tensor weight, Tensor bias, double eps)
    {
        using var scope = NewDisposeScope();
        var sigma = x.Total.var(-1, unbiased: false, keepdim: true).add_(eps).sqrt_();
        var beta = (x.Beta - x.Beta.mean([-1], keepdim: true)).div_(sigma).mul_(weight);
        AddBiasShare(beta, bias, x.Beta.abs(), x.Gamma().abs_());
        var total = F.layer_norm(x.Total, [x.Total.shape[^1]], weight, bias, eps);
        return new Decomposed(beta, total).MoveToOuterDisposeScope();
    }

    /// <summary>RMSNorm: r = rms(beta + gamma) with eps; beta / r * g, gamma / r * g.</summary>
    public static Decomposed RmsNorm(Decomposed x, Tensor weight, double eps)
    {
        using var scope = NewDisposeScope();
        var inverse = x.Total.pow(2).mean([-1], keepdim: true).add_(eps).rsqrt_();
        return new Decomposed((x.Beta * inverse).mul_(weight), (x.Total * inverse).mul_(weight)).MoveToOuterDisposeScope();
    }

    /// <summary>Elementwise activation f: gamma' = f(gamma), beta' = f(beta + gamma) - f(gamma).</summary>
    public static Decomposed Activation(Decomposed x, Func<Tensor, Tensor> f)
    {
        using var scope = NewDisposeScope();
        var total = f(x.Total);
        return new Decomposed(f(x.Gamma()).neg_().add_(total), total).MoveToOuterDisposeScope();
    }

    /// <summary>Gated product a * u (SwiGLU): gamma' = a_gamma u_gamma; every interaction goes to beta.</summary>
    public static Decomposed Product(Decomposed a, Decomposed u)
    {
        using var scope = NewDisposeScope();
        var total = a.Total * u.Total;
        return new Decomposed(a.Gamma().mul_(u.Gamma()).neg_().add_(total), total).MoveToOuterDisposeScope();
    }

    /// <summary>Rotary position embedding: a rotation, applied to each part separately (after the projection's bias split).</summary>
    public static Decomposed Rotary(Decomposed x, Tensor cos, Tensor sin) =>
        x.Map(t => Models.Qwen2.RotaryEmbedding.Apply(t, cos, sin));

    /// <summary>Grouped-query attention: the key/value head parts (…, kv heads, seq, d), each repeated for its query heads.</summary>
    public static Decomposed RepeatKeyValue(Decomposed x, int group) =>
        group == 1 ? x : x.Map(t => t.repeat_interleave(group, dim: -3));

    /// <summary>Residual add: the parts add.</summary>
    public static Decomposed Add(Decomposed x, Decomposed y) => new(x.Beta + y.Beta, x.Total + y.Total);

    /// <summary>
    /// Sign-conflict collapse: where beta and gamma have opposite signs, the part with the larger magnitude
    /// takes the sum and the other becomes zero (beta on a tie). With <paramref name="enabled"/> false, the identity.
    /// The total does not change.
    /// </summary>
    public static Decomposed Collapse(Decomposed x, bool enabled)
    {
        if (!enabled) return x;
        using var scope = NewDisposeScope();
        var gamma = x.Gamma();
        var conflict = (x.Beta * gamma).lt(0);
        var gammaLarger = gamma.sub_(x.Beta).mul_(x.Total).gt(0);  // |gamma| > |beta|: (gamma - beta)(gamma + beta) > 0
        var gammaWins = gammaLarger.logical_and_(conflict);
        var betaWins = conflict.logical_xor_(gammaWins);
        var beta = where(betaWins, x.Total, x.Beta).masked_fill_(gammaWins, 0);
        return new Decomposed(beta, x.Total.alias()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Attention of one layer, all heads at once: q, k, v pairs (…, heads, seq, d) after rotary and key/value
    /// repetition, <paramref name="mask"/> (examples or 1, 1, seq or 1, seq) true where a query may attend. Returns z (…, heads, seq, d).
    /// Eq. 11: z_beta = softmax(q_b k_b^T / sqrt(d) + mask) beta_v, the total is the ordinary attention; frozen:
    /// z_beta = P beta_v with the ordinary pattern P.
    /// </summary>
    public static Decomposed Attention(Decomposed q, Decomposed k, Decomposed v, Tensor mask, AttentionRule rule)
    {
        using var scope = NewDisposeScope();
        var total = F.scaled_dot_product_attention(q.Total, k.Total, v.Total, mask);
        var sources = v.Beta.shape[0];
        Tensor PerSource(Tensor perExample) => perExample.unsqueeze(0).expand([sources, .. perExample.shape]).flatten(0, 1);
        var sourceMask = mask.shape[0] == 1 ? mask : PerSource(mask);
        var beta = rule == AttentionRule.Frozen
            ? F.scaled_dot_product_attention(PerSource(q.Total), PerSource(k.Total), v.Beta.flatten(0, 1), sourceMask)
            : F.scaled_dot_product_attention(q.Beta.flatten(0, 1), k.Beta.flatten(0, 1), v.Beta.flatten(0, 1), sourceMask);
        return new Decomposed(beta.unflatten(0, [sources, total.shape[0]]), total).MoveToOuterDisposeScope();
    }
}
