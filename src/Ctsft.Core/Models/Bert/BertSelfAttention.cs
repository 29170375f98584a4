using TorchSharp;
using TorchSharp.Modules;
using Ctsft.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Models.Bert;

/// <summary>Multi-head attention up to (not including) the output projection; returns the heads' outputs z.</summary>
public sealed partial class BertSelfAttention : nn.Module
{
    private readonly BertConfig _config;
    public Linear query, key, value;

    /// <summary>An additive path beside the projections (head-restricted training); null for the plain forward.</summary>
    public IProjectionAdapter? Adapter { get; set; }

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        _config = config;
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>x (B, S, hidden) -> z (B, S, H, d), after the hook; with <paramref name="readout"/>, queries at the readout rows only: z (B, 1, H, d).</summary>
    public Tensor forward(Tensor x, Tensor mask, int layer, ForwardHooks? hooks, ReadoutRows? readout = null)
    {
        using var scope = NewDisposeScope();
        var (batch, seq) = (x.shape[0], x.shape[1]);
        var (heads, d) = (_config.NumAttentionHeads, _config.HeadDim);
        var queries = readout is null ? x : readout.Select(x);
        var q = Project(query, AttentionProjection.Query, queries, layer).view(batch, -1, heads, d).transpose(1, 2);   // (B, H, S or 1, d)
        var k = Project(key, AttentionProjection.Key, x, layer).view(batch, seq, heads, d).transpose(1, 2);
        var v = Project(value, AttentionProjection.Value, x, layer).view(batch, seq, heads, d).transpose(1, 2);
        var dropout = training ? _config.AttentionProbsDropoutProb : 0.0;
        var z = (readout is null ? F.scaled_dot_product_attention(q, k, v, mask, dropout) : readout.Attention(q, k, v, mask, dropout, training))
            .transpose(1, 2);  // (B, S or 1, H, d)
        if (hooks is not null) z = hooks.OnHeadOutputs(layer, z);
        return z.MoveToOuterDisposeScope();
    }

    private Tensor Project(Linear projection, AttentionProjection which, Tensor input, int layer)
    {
        var output = MixedPrecision.Linear(projection, input);
        return Adapter is null ? output : Adapter.Adapt(layer, which, input, output);
    }
}
