using Ctsft.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

/// <summary>Pre-norm block: x + attn(norm(x)), then + mlp(norm(.)).</summary>
public sealed partial class Qwen2DecoderLayer : nn.Module
{
    private readonly int _index;
    public RmsNorm input_layernorm, post_attention_layernorm;
    public Qwen2Attention self_attn;
    public Qwen2Mlp mlp;

    public Qwen2DecoderLayer(Qwen2Config config, int index) : base(nameof(Qwen2DecoderLayer))
    {
        _index = index;
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        self_attn = new Qwen2Attention(config);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        mlp = new Qwen2Mlp(config);
        RegisterComponents();
    }

    /// <summary>With <paramref name="readout"/> (the last layer of a readout-only forward): (B, 1, hidden) at the readout rows.</summary>
    public Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, ForwardHooks? hooks, ReadoutRows? readout = null)
    {
        using var scope = NewDisposeScope();
        var residual = readout is null ? x : readout.Select(x);
        var mid = residual.Plus(self_attn.forward(input_layernorm.call(x), cos, sin, mask, _index, hooks, readout));
        var output = mid.Plus(mlp.call(post_attention_layernorm.call(mid)));
        hooks?.LayerOutput?.Invoke(_index, output);
        return output.MoveToOuterDisposeScope();
    }
}
