using TorchSharp;
using TorchSharp.Modules;
using Ctsft.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Models.Qwen2;

/// <summary>
/// Grouped-query self-attention with rotary positions; q/k/v (and o) biases when the config has them; Qwen3's
/// per-head q/k RMSNorm before the rotation.
/// </summary>
public sealed partial class Qwen2Attention : nn.Module
{
    private readonly Qwen2Config _config;
    public Linear q_proj, k_proj, v_proj, o_proj;
    public RmsNorm? q_norm, k_norm;

    /// <summary>An additive path beside the projections (head-restricted training); null for the plain forward.</summary>
    public IProjectionAdapter? Adapter { get; set; }

    public Qwen2Attention(Qwen2Config config) : base(nameof(Qwen2Attention))
    {
        _config = config;
        var d = config.HeadDim;
        q_proj = nn.Linear(config.HiddenSize, config.NumAttentionHeads * d, hasBias: config.AttentionBias);
        k_proj = nn.Linear(config.HiddenSize, config.NumKeyValueHeads * d, hasBias: config.AttentionBias);
        v_proj = nn.Linear(config.HiddenSize, config.NumKeyValueHeads * d, hasBias: config.AttentionBias);
        o_proj = nn.Linear(config.NumAttentionHeads * d, config.HiddenSize, hasBias: config.OutputBias);
        if (config.QkNorm)
        {
            q_norm = new RmsNorm(d, config.RmsNormEps);
            k_norm = new RmsNorm(d, config.RmsNormEps);
        }
        RegisterComponents();
    }

    /// <summary>
    /// x (batch, seq, hidden) -> (batch, seq, hidden); heads' outputs pass through the hook. With <paramref name="readout"/>,
    /// queries at the readout rows only (keys and values from every position): (batch, 1, hidden).
    /// </summary>
    public Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, int layer, ForwardHooks? hooks, ReadoutRows? readout = null)
    {
        using var scope = NewDisposeScope();
        var (batch, seq) = (x.shape[0], x.shape[1]);
        var (heads, kvHeads, d) = (_config.NumAttentionHeads, _config.NumKeyValueHeads, _config.HeadDim);

        var queries = readout is null ? x : readout.Select(x);
        var q = Project(q_proj, AttentionProjection.Query, queries, layer).view(batch, -1, heads, d).transpose(1, 2); // (B, H, S or 1, d)
        var k = Project(k_proj, AttentionProjection.Key, x, layer).view(batch, seq, kvHeads, d).transpose(1, 2);   // (B, KV, S, d)
        var v = Project(v_proj, AttentionProjection.Value, x, layer).view(batch, seq, kvHeads, d).transpose(1, 2); // (B, KV, S, d)
        if (q_norm is not null) q = q_norm.call(q);                              // over head_dim, per head
        if (k_norm is not null) k = k_norm.call(k);
        q = readout is null ? RotaryEmbedding.Apply(q, cos, sin) : RotaryEmbedding.Apply(q, readout.Select(cos, 2), readout.Select(sin, 2));
        k = RotaryEmbedding.Apply(k, cos, sin);
        k = RepeatKeyValue(k, _config.KeyValueGroupSize);                      // (B, H, S, d)
        v = RepeatKeyValue(v, _config.KeyValueGroupSize);

        var dropout = training ? _config.AttentionDropout : 0.0;
        var z = (readout is null ? F.scaled_dot_product_attention(q, k, v, mask, dropout) : readout.Attention(q, k, v, mask, dropout, training))
            .transpose(1, 2);  // (B, S or 1, H, d)
        if (hooks is not null) z = hooks.OnHeadOutputs(layer, z);
        return Project(o_proj, AttentionProjection.Output, z.reshape(batch, -1, heads * d), layer).MoveToOuterDisposeScope();
    }

    private Tensor Project(Linear projection, AttentionProjection which, Tensor input, int layer)
    {
        var output = MixedPrecision.Linear(projection, input);
        return Adapter is null ? output : Adapter.Adapt(layer, which, input, output);
    }

    /// <summary>(B, KV, S, d) -> (B, KV * group, S, d): key/value head g serves query heads g*group .. g*group+group-1.</summary>
    public static Tensor RepeatKeyValue(Tensor x, int group)
    {
        if (group == 1) return x.alias();
        var (batch, kvHeads, seq, d) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        return x.unsqueeze(2).expand(batch, kvHeads, group, seq, d).reshape(batch, kvHeads * group, seq, d);
    }
}
