using TorchSharp;
using Ctsft.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Circuits;

/// <summary>
/// The CD-T propagation rules of method.md 5.3 and 9, one small pure function per layer type. Each takes and
/// returns <see cref="Decomposed"/> pairs: beta per source, (sources, examples, ...), and the ordinary total per
/// example, (examples, ...); gamma = total - beta wherever a rule reads it, so a linear map costs one product per
/// source (on beta) plus one per example (on the total) instead of two per source. The modules' decomposed forwards
/// (the <c>*.Decomposition.cs</c> files beside each module) compose these with the module's own weights. Whatever a
/// rule computes from the totals alone goes through <see cref="SharedTotals.Reuse"/> (computed once per batch) and is
/// never changed in place.
/// </summary>
public static class CdtRules
{
    /// <summary>
    /// Linear y = W x + b: bw = W beta, gw = W gamma (= W total - bw), and the bias split per output element in
    /// proportion to |bw| and |gw| (exactly; all of it to gamma where both are zero).
    /// </summary>
    public static Decomposed Linear(Decomposed x, Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var bw = MixedPrecision.MatMul(x.Beta, weight.t());
        var tw = SharedTotals.Reuse(() => MixedPrecision.MatMul(x.Total, weight.t()));
        if (bias is null) return new Decomposed(bw, tw).MoveToOuterDisposeScope();
        AddBiasShare(bw, bias, bw, tw);
        return new Decomposed(bw, SharedTotals.Reuse(() => tw.Plus(bias))).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Adds to <paramref name="beta"/> (in place: a fresh tensor of the caller) its share of <paramref name="bias"/>,
    /// |b| / (|b| + |t - b|) for the beta part b and the total t of the input the split reads, exactly; where both parts
    /// are zero the share is 0 (all to gamma). |b| + |g| is computed as max(|t|, |2b - t|) (equal: b + g = t, and
    /// b - g = 2b - t; the larger of |b + g| and |b - g| is |b| + |g|), which needs no gamma tensor; |t| is per example, the
    /// same for every source, and is floored at the smallest positive float so that 0 / 0 (both parts zero) is 0 / that.
    /// </summary>
    private static void AddBiasShare(Tensor beta, Tensor bias, Tensor partBeta, Tensor partTotal)
    {
        using var scope = NewDisposeScope();
        using var floor = SmallestPositive(partTotal.dtype).ToScalar();
        var sum = partTotal.neg().add(partBeta, HeldScalars.Two).abs_()                           // |2b - t|, (sources, examples, ...)
            .clamp_(partTotal.abs().clamp_min_(floor), null);                                    // max(|t|, |2b - t|), never 0
        beta.addcdiv_(partBeta.abs().mul_(bias), sum, HeldScalars.One);
    }

    /// <summary>The smallest positive value of <paramref name="dtype"/> (a subnormal): a floor that changes no positive value.</summary>
    private static double SmallestPositive(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => double.Epsilon,
        ScalarType.Float32 => float.Epsilon,
        ScalarType.Float16 => 5.960464477539063e-8,   // 2^-24
        ScalarType.BFloat16 => 9.183549615799121e-41, // 2^-133
        _ => throw new ArgumentException($"the CD-T rules need a floating-point dtype, not {dtype}"),
    };

    /// <summary>
    /// LayerNorm: sigma from the total (biased variance + eps); each part centred by its own mean, divided by the
    /// shared sigma, times the gain; the bias split by |beta| and |gamma| of the input.
    /// </summary>
    public static Decomposed LayerNorm(Decomposed x, Tensor weight, Tensor bias, double eps)
    {
        using var scope = NewDisposeScope();
        using var epsilon = eps.ToScalar();
        var gainOverSigma = SharedTotals.Reuse(() => x.Total.var(-1, unbiased: false, keepdim: true).add_(epsilon, HeldScalars.One).sqrt_().reciprocal_().mul(weight));  // per example
        var beta = (x.Beta - x.Beta.mean([-1], keepdim: true)).mul_(gainOverSigma);
        AddBiasShare(beta, bias, x.Beta, x.Total);
        var total = SharedTotals.Reuse(() => F.layer_norm(x.Total, [x.Total.shape[^1]], weight, bias, eps));
        return new Decomposed(beta, total).MoveToOuterDisposeScope();
    }

    /// <summary>RMSNorm: r = rms(beta + gamma) with eps; beta / r * g, gamma / r * g.</summary>
    public static Decomposed RmsNorm(Decomposed x, Tensor weight, double eps)
    {
        using var scope = NewDisposeScope();
        using var epsilon = eps.ToScalar();
        var gainOverRms = SharedTotals.Reuse(() => x.Total.pow(HeldScalars.Two).mean([-1], keepdim: true).add_(epsilon, HeldScalars.One).rsqrt_().mul(weight));  // per example
        return new Decomposed(x.Beta * gainOverRms, SharedTotals.Reuse(() => x.Total * gainOverRms)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Elementwise activation f: gamma' = f(gamma), beta' = f(beta + gamma) - f(gamma). <paramref name="f"/> may overwrite
    /// its argument (it is given fresh tensors: gamma and a copy of the total).
    /// </summary>
    public static Decomposed Activation(Decomposed x, Func<Tensor, Tensor> f)
    {
        using var scope = NewDisposeScope();
        var total = SharedTotals.Reuse(() => f(x.Total.clone()));
        return new Decomposed(f(x.Gamma()).neg_().PlusInPlace(total), total).MoveToOuterDisposeScope();
    }

    /// <summary>Gated product a * u (SwiGLU): gamma' = a_gamma u_gamma; every interaction goes to beta.</summary>
    public static Decomposed Product(Decomposed a, Decomposed u)
    {
        using var scope = NewDisposeScope();
        var total = SharedTotals.Reuse(() => a.Total * u.Total);
        return new Decomposed(total.addcmul(a.Gamma(), u.Gamma(), HeldScalars.MinusOne), total).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// SwiGLU's activation and product rules in one (the same numbers as <c>Product(Activation(gate, f), up)</c> up to
    /// rounding, in fewer passes): gamma' = f(gate_gamma) up_gamma, beta' = f(gate) up - gamma'. <paramref name="f"/>
    /// may overwrite its argument.
    /// </summary>
    public static Decomposed GatedProduct(Decomposed gate, Decomposed up, Func<Tensor, Tensor> f)
    {
        using var scope = NewDisposeScope();
        var total = SharedTotals.Reuse(() => f(gate.Total.clone()).mul_(up.Total));
        return new Decomposed(total.addcmul(f(gate.Gamma()), up.Gamma(), HeldScalars.MinusOne), total).MoveToOuterDisposeScope();
    }

    /// <summary>Rotary position embedding: a rotation, applied to each part separately (after the projection's bias split).</summary>
    public static Decomposed Rotary(Decomposed x, Tensor cos, Tensor sin) =>
        x.Map(t => Models.Qwen2.RotaryEmbedding.Apply(t, cos, sin));

    /// <summary>Grouped-query attention: the key/value head parts (…, kv heads, seq, d), each repeated for its query heads.</summary>
    public static Decomposed RepeatKeyValue(Decomposed x, int group) =>
        group == 1 ? x : x.Map(t => t.repeat_interleave(group, dim: -3));

    /// <summary>Residual add: the parts add.</summary>
    public static Decomposed Add(Decomposed x, Decomposed y) => new(x.Beta.Plus(y.Beta), SharedTotals.Reuse(() => x.Total.Plus(y.Total)));

    /// <summary>
    /// Sign-conflict collapse: where beta and gamma have opposite signs, the part with the larger magnitude
    /// takes the sum and the other becomes zero (beta on a tie). With <paramref name="enabled"/> false, the identity.
    /// The total does not change. Beta is collapsed in place: every collapse point follows a linear map or a residual add,
    /// whose fresh output nothing else reads.
    /// </summary>
    public static Decomposed Collapse(Decomposed x, bool enabled)
    {
        if (!enabled) return x;
        using var scope = NewDisposeScope();  // the bounds
        // Case by case the rule gives beta' = the median of (0, beta, total): no conflict (gamma = total - beta of beta's
        // sign or zero: total beyond beta, or beta = 0) keeps beta; beta larger (total strictly between 0 and beta)
        // takes the sum; a tie (total = 0) gives beta the sum, 0; gamma larger (total of the other sign) leaves beta 0.
        // The median is beta clamped between min(0, total) and max(0, total): one pass, bounds per example.
        x.Beta.clamp_(x.Total.clamp_max(HeldScalars.Zero), x.Total.clamp_min(HeldScalars.Zero));  // per example: cheaper to recompute than to keep
        return x;
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
        var total = SharedTotals.Reuse(() => F.scaled_dot_product_attention(q.Total, k.Total, v.Total, mask));
        var sources = v.Beta.shape[0];
        Tensor PerSource(Tensor perExample) => perExample.unsqueeze(0).expand([sources, .. perExample.shape]).flatten(0, 1);
        var sourceMask = mask.shape[0] == 1 ? mask : PerSource(mask);
        var beta = rule == AttentionRule.Frozen
            ? F.scaled_dot_product_attention(PerSource(q.Total), PerSource(k.Total), v.Beta.flatten(0, 1), sourceMask)
            : F.scaled_dot_product_attention(q.Beta.flatten(0, 1), k.Beta.flatten(0, 1), v.Beta.flatten(0, 1), sourceMask);
        return new Decomposed(beta.unflatten(0, [sources, total.shape[0]]), total).MoveToOuterDisposeScope();
    }
}
