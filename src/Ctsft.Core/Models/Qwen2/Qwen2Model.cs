using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

/// <summary>Token embedding, the decoder layers and the final RMSNorm.</summary>
public sealed class Qwen2Model : nn.Module
{
    private readonly RotaryEmbedding _rotary;
    public Embedding embed_tokens;
    public ModuleList<Qwen2DecoderLayer> layers;
    public RmsNorm norm;

    /// <summary>How the layers run (gradient checkpointing).</summary>
    public LayerStack Stack { get; } = new();

    public Qwen2Model(Qwen2Config config) : base(nameof(Qwen2Model))
    {
        _rotary = new RotaryEmbedding(config.HeadDim, config.RopeTheta, config.RopeScaling);
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumLayers).Select(i => new Qwen2DecoderLayer(config, i)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        RegisterComponents();
    }

    public RotaryEmbedding Rotary => _rotary;

    /// <summary>
    /// Runs every layer; returns the residual stream after the last layer, before the final norm (readout-only:
    /// (B, 1, hidden) at the readout rows).
    /// </summary>
    public Tensor forward(ModelInput input, ForwardHooks? hooks)
    {
        using var scope = NewDisposeScope();
        var readout = ReadoutRows.Of(input, hooks);
        var x = embed_tokens.call(input.InputIds);
        hooks?.EmbeddingOutput?.Invoke(x);
        var (cos, sin) = _rotary.Angles(input.SequenceLength, x.device);
        var mask = AttentionMasks.CausalWithPadding(input.AttentionMask);
        // The readout rows travel as context: a checkpointed layer recomputes in the backward, after this scope has ended.
        var last = layers[layers.Count - 1];
        Tensor[] context = readout is null ? [cos, sin, mask] : [cos, sin, mask, readout.Positions];
        x = Stack.Run(layers, x, (layer, h, c) => layer.forward(h, c[0], c[1], c[2], hooks, ReadoutRows.AtLast(layer, last, readout, c, 3)), context);
        return x.MoveToOuterDisposeScope();
    }
}
