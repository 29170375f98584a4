using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.XlmRoberta;

/// <summary>out_proj(dropout(tanh(dense(dropout(first token))))): one output per label.</summary>
public sealed partial class XlmRobertaClassificationHead : nn.Module
{
    public Linear dense, out_proj;
    private readonly Dropout dropout;

    public XlmRobertaClassificationHead(XlmRobertaConfig config) : base(nameof(XlmRobertaClassificationHead))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        dropout = nn.Dropout(config.ClassifierDropoutProb);
        out_proj = nn.Linear(config.HiddenSize, config.NumLabels);
        RegisterComponents();
    }

    /// <summary>From the last hidden states (B, S, hidden): the tanh output (the pooler's place, (B, hidden)) and the logits (B, labels).</summary>
    public (Tensor Pooled, Tensor Logits) forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var pooled = tanh(dense.call(dropout.call(hidden[TensorIndex.Colon, 0])));
        var logits = out_proj.call(dropout.call(pooled));
        return (pooled.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }
}
