using Ctsft.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models.XlmRoberta;

/// <summary>The embeddings and BERT's encoder layers; no pooler (the classification head takes its place).</summary>
public sealed class XlmRobertaModel : nn.Module
{
    public XlmRobertaEmbeddings embeddings;
    public BertEncoder encoder;

    public XlmRobertaModel(XlmRobertaConfig config) : base(nameof(XlmRobertaModel))
    {
        embeddings = new XlmRobertaEmbeddings(config);
        encoder = new BertEncoder(config);
        RegisterComponents();
    }

    /// <summary>The last layer's hidden states (B, S, hidden; readout-only: (B, 1, hidden) at the readout rows).</summary>
    public Tensor forward(ModelInput input, ForwardHooks? hooks)
    {
        using var scope = NewDisposeScope();
        var readout = ReadoutRows.Of(input, hooks);
        var x = embeddings.forward(input);
        hooks?.EmbeddingOutput?.Invoke(x);
        return encoder.forward(x, input.AttentionMask, hooks, readout).MoveToOuterDisposeScope();
    }
}
