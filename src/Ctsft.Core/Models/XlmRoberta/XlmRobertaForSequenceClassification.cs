using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models.XlmRoberta;

/// <summary>XLM-RoBERTa with its classification head on the first token (<c>&lt;s&gt;</c>), Hugging Face's names.</summary>
public sealed partial class XlmRobertaForSequenceClassification : TransformerModel
{
    private readonly XlmRobertaConfig _config;
    public XlmRobertaModel roberta;
    public XlmRobertaClassificationHead classifier;

    public XlmRobertaForSequenceClassification(XlmRobertaConfig config) : base(nameof(XlmRobertaForSequenceClassification))
    {
        _config = config;
        roberta = new XlmRobertaModel(config);
        classifier = new XlmRobertaClassificationHead(config);
        RegisterComponents();
    }

    public override XlmRobertaConfig Config => _config;

    public override IReadOnlyList<string> EmbeddingParameterNames => _config.EmbeddingParameterNames;

    public override LayerStack Layers => roberta.encoder.Stack;

    public override void SetProjectionAdapter(IProjectionAdapter? adapter) => roberta.encoder.SetProjectionAdapter(adapter);

    /// <summary>method.md 5.4 for XLM-R: v = W_dense^T (W_out_proj(y_c) - mean of the other out_proj rows).</summary>
    public override Tensor LabelDirections(IReadOnlyList<long>? labelTokenIds)
    {
        using var scope = NewDisposeScope();
        return Circuits.TaskDirection.Contrast(classifier.out_proj.weight!).matmul(classifier.dense.weight!).MoveToOuterDisposeScope();
    }

    public override ModelOutput Forward(ModelInput input, ForwardHooks? hooks = null)
    {
        using var scope = NewDisposeScope();
        var hidden = roberta.forward(input, hooks);
        var (pooled, logits) = classifier.forward(hidden);
        return new ModelOutput(hidden.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope())
        {
            ReadoutOnly = input.ReadoutPositions is not null,
        };
    }
}
