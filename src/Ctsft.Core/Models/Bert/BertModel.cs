using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>Embeddings, the encoder layers and the pooler (tanh(dense(first token))).</summary>
public sealed class BertModel : nn.Module
{
    public BertEmbeddings embeddings;
    public BertEncoder encoder;
    public BertPooler pooler;

    public BertModel(BertConfig config) : base(nameof(BertModel))
    {
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = new BertPooler(config);
        RegisterComponents();
    }

    /// <summary>
    /// Returns the last layer's hidden states (B, S, hidden; readout-only: (B, 1, hidden) at the readout rows) and the
    /// pooled first token (B, hidden) (readout-only: the pooled readout row, position 0 for a classifier).
    /// </summary>
    public (Tensor Hidden, Tensor Pooled) forward(ModelInput input, ForwardHooks? hooks)
    {
        using var scope = NewDisposeScope();
        var readout = ReadoutRows.Of(input, hooks);
        var x = embeddings.forward(input);
        hooks?.EmbeddingOutput?.Invoke(x);
        x = encoder.forward(x, input.AttentionMask, hooks, readout);
        var pooled = pooler.call(x);
        return (x.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}

/// <summary>tanh(dense(hidden of the first token)).</summary>
public sealed partial class BertPooler : nn.Module<Tensor, Tensor>
{
    public Linear dense;

    public BertPooler(BertConfig config) : base(nameof(BertPooler))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return tanh(dense.call(hidden[TensorIndex.Colon, 0])).MoveToOuterDisposeScope();
    }
}
