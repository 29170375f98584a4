using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// The CD-T propagation rules of method.md 5.3 and 9, one small pure function per layer type. Each takes and
/// returns (beta, gamma) pairs whose sum is the ordinary forward's value. The modules' decomposed forwards
/// (the <c>*.Decomposition.cs</c> files beside each module) compose these with the module's own weights.
/// </summary>
public static class CdtRules
{
    /// <summary>
    /// Linear y = W x + b: bw = W beta, gw = W gamma, and the bias split per output element in proportion to
    /// |bw| and |gw| (exactly, no epsilon; all of it to gamma where both are zero).
    /// </summary>
    public static Decomposed Linear(Decomposed x, Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var bw = x.Beta.matmul(weight.t());
        var gw = x.Gamma.matmul(weight.t());
        if (bias is not null) AddSplitBias(bw, gw, bias, bw, gw);
        return new Decomposed(bw, gw).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Adds <paramref name="bias"/> to <paramref name="beta"/> and <paramref name="gamma"/> (in place: fresh tensors of the
    /// caller) in proportion to |<paramref name="betaWeight"/>| and |<paramref name="gammaWeight"/>|, exactly; where both
    /// are zero all of it goes to gamma.
    /// </summary>
    private static void AddSplitBias(Tensor beta, Tensor gamma, Tensor bias, Tensor betaWeight, Tensor gammaWeight)
    {
        using var scope = NewDisposeScope();
        var betaBias = betaWeight.abs();
        // 0 / 0 (both parts zero) is NaN and becomes a share of 0.
        betaBias.div_(gammaWeight.abs().add_(betaBias)).nan_to_num_(0.0).mul_(bias);
        beta.add_(betaBias);
        gamma.add_(bias).sub_(betaBias);
    }

    /// <summary>
    /// LayerNorm: sigma from the total (biased variance + eps); each part centred by its own mean, divided by the
    /// shared sigma, times the gain; the bias split by |beta| and |gamma| of the input.
    /// </summary>
    public static Decomposed LayerNorm(Decomposed x, Tensor weight, Tensor bias, double eps)
    {
        using var scope = NewDisposeScope();
        var sigma = x.Total().var(-1, unbiased: false, keepdim: true).add_(eps).sqrt_();
        var beta = (x.Beta - x.Beta.mean([-1], keepdim: true)).div_(sigma).mul_(weight);
        var gamma = (x.Gamma - x.Gamma.mean([-1], keepdim: true)).div_(sigma).mul_(weight);
        AddSplitBias(beta, gamma, bias, x.Beta, x.Gamma);
        return new Decomposed(beta, gamma).MoveToOuterDisposeScope();
    }

    /// <summary>RMSNorm: r = rms(beta + gamma) with eps; beta / r * g, gamma / r * g.</summary>
    public static Decomposed RmsNorm(Decomposed x, Tensor weight, double eps)
    {
        using var scope = NewDisposeScope();
        var inverse = x.Total().pow(2).mean([-1], keepdim: true).add_(eps).rsqrt_();
        return new Decomposed((x.Beta * inverse).mul_(weight), (x.Gamma * inverse).mul_(weight)).MoveToOuterDisposeScope();
    }

    /// <summary>Elementwise activation f: gamma' = f(gamma), beta' = f(beta + gamma) - f(gamma).</summary>
    public static Decomposed Activation(Decomposed x, Func<Tensor, Tensor> f)
    {
        using var scope = NewDisposeScope();
        var gamma = f(x.Gamma);
        return new Decomposed(f(x.Total()).sub_(gamma), gamma).MoveToOuterDisposeScope();
    }

    /// <summary>Gated product a * u (SwiGLU): gamma' = a_gamma u_gamma; every interaction goes to beta.</summary>
    public static Decomposed Product(Decomposed a, Decomposed u)
    {
        using var scope = NewDisposeScope();
        var gamma = a.Gamma * u.Gamma;
        return new Decomposed(a.Total().mul_(u.Total()).sub_(gamma), gamma).MoveToOuterDisposeScope();
    }

    /// <summary>Rotary position embedding: a rotation, applied to each part separately (after the projection's bias split).</summary>
    public static Decomposed Rotary(Decomposed x, Tensor cos, Tensor sin) =>
        x.Map(t => Models.Qwen2.RotaryEmbedding.Apply(t, cos, sin));

    /// <summary>Grouped-query attention: the key/value head parts, repeated for their query heads.</summary>
    public static Decomposed RepeatKeyValue(Decomposed x, int group) =>
        x.Map(t => Models.Qwen2.Qwen2Attention.RepeatKeyValue(t, group));

    /// <summary>Residual add: the parts add.</summary>
    public static Decomposed Add(Decomposed x, Decomposed y) => new(x.Beta + y.Beta, x.Gamma + y.Gamma);

    /// <summary>
    /// Sign-conflict collapse: where beta and gamma have opposite signs, the part with the larger magnitude
    /// takes the sum and the other becomes zero (beta on a tie). With <paramref name="enabled"/> false, the identity.
    /// </summary>
    public static Decomposed Collapse(Decomposed x, bool enabled)
    {
        if (!enabled) return x;
        using var scope = NewDisposeScope();
        var conflict = (x.Beta * x.Gamma).lt(0);
        var total = x.Total();
        var gammaLarger = (x.Gamma - x.Beta).mul_(total).gt(0);  // |gamma| > |beta|: (gamma - beta)(gamma + beta) > 0
        var gammaWins = gammaLarger.logical_and_(conflict);
        var betaWins = conflict.logical_xor_(gammaWins);
        var beta = where(betaWins, total, x.Beta).masked_fill_(gammaWins, 0);
        var gamma = where(gammaWins, total, x.Gamma).masked_fill_(betaWins, 0);
        return new Decomposed(beta, gamma).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Attention of one layer, all heads at once: q, k, v pairs (rows, heads, seq, d) after rotary and key/value
    /// repetition, <paramref name="mask"/> true where a query may attend. Returns z (rows, heads, seq, d).
    /// </summary>
    public static Decomposed Attention(Decomposed q, Decomposed k, Decomposed v, Tensor mask, AttentionRule rule)
    {
        using var scope = NewDisposeScope();
        Tensor Attend(Tensor query, Tensor key, Tensor value) => TorchSharp.torch.nn.functional.scaled_dot_product_attention(query, key, value, mask);
        var (query, key) = (q.Total(), k.Total());
        Decomposed z;
        if (rule == AttentionRule.Frozen)
        {
            z = new Decomposed(Attend(query, key, v.Beta), Attend(query, key, v.Gamma));
        }
        else
        {
            var beta = Attend(q.Beta, k.Beta, v.Beta);  // the relevant pattern softmax(q_b k_b^T / sqrt(d) + mask) on beta_v
            z = new Decomposed(beta, Attend(query, key, v.Total()).sub_(beta));
        }
        return z.MoveToOuterDisposeScope();
    }
}
