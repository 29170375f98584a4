using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>BERT with a linear classifier on the pooled first token, one output per label.</summary>
public sealed partial class BertForSequenceClassification : TransformerModel
{
    private readonly BertConfig _config;
    public BertModel bert;
    private readonly Dropout dropout;
    public Linear classifier;

    public BertForSequenceClassification(BertConfig config) : base(nameof(BertForSequenceClassification))
    {
        _config = config;
        bert = new BertModel(config);
        dropout = nn.Dropout(config.ClassifierDropoutProb);
        classifier = nn.Linear(config.HiddenSize, config.NumLabels);
        RegisterComponents();
    }

    public override BertConfig Config => _config;

    public override IReadOnlyList<string> EmbeddingParameterNames => _config.EmbeddingParameterNames;

    public override LayerStack Layers => bert.encoder.Stack;

    public override void SetProjectionAdapter(IProjectionAdapter? adapter) => bert.encoder.SetProjectionAdapter(adapter);

    /// <summary>Encoder [decision]: v = W_pooler^T (W_cls(y_c) - mean of the other classifier rows).</summary>
    public override Tensor LabelDirections(IReadOnlyList<long>? labelTokenIds)
    {
        using var scope = NewDisposeScope();
        return Circuits.TaskDirection.Contrast(classifier.weight!).matmul(bert.pooler.dense.weight!).MoveToOuterDisposeScope();
    }

    public override ModelOutput Forward(ModelInput input, ForwardHooks? hooks = null)
    {
        using var scope = NewDisposeScope();
        var (hidden, pooled) = bert.forward(input, hooks);
        var logits = classifier.call(dropout.call(pooled));
        return new ModelOutput(hidden.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope())
        {
            ReadoutOnly = input.ReadoutPositions is not null,
        };
    }
}
