using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>The stack of post-LayerNorm layers (Hugging Face nests it as <c>encoder.layer</c>); BERT and XLM-RoBERTa share it.</summary>
public sealed partial class BertEncoder : nn.Module
{
    public ModuleList<BertLayer> layer;

    /// <summary>How the layers run (gradient checkpointing).</summary>
    public LayerStack Stack { get; } = new();

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumLayers).Select(i => new BertLayer(config, i)).ToArray());
        RegisterComponents();
    }

    /// <summary>
    /// The embeddings' output (B, S, hidden) through every layer, keys masked where <paramref name="attentionMask"/> is 0;
    /// with <paramref name="readout"/>, the last layer at the readout rows only: (B, 1, hidden).
    /// </summary>
    public Tensor forward(Tensor x, Tensor attentionMask, ForwardHooks? hooks, ReadoutRows? readout = null)
    {
        using var scope = NewDisposeScope();
        var mask = AttentionMasks.Padding(attentionMask);
        // The readout rows travel as context: a checkpointed layer recomputes in the backward, after this scope has ended.
        var last = layer[layer.Count - 1];
        Tensor[] context = readout is null ? [mask] : [mask, readout.Positions];
        x = Stack.Run(layer, x, (block, h, c) => block.forward(h, c[0], hooks, ReadoutRows.AtLast(block, last, readout, c, 1)), context);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Sets (or removes) the additive path beside every layer's q, k, v and output projections.</summary>
    public void SetProjectionAdapter(IProjectionAdapter? adapter)
    {
        foreach (var block in layer)
        {
            block.attention.self.Adapter = adapter;
            block.attention.output.Adapter = adapter;
        }
    }
}
