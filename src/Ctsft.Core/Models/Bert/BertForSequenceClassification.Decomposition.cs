using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertForSequenceClassification : IDecomposableModel
{
    /// <summary>The padding mask; the readout position of an encoder is the first token.</summary>
    public DecomposedPass BeginDecomposedPass(DecompositionRun run) => BertEncoder.BeginDecomposedPass(run);

    public IReadOnlyList<IDecomposableLayer> DecomposableLayers => bert.encoder.DecomposableLayers;

    /// <summary>The pooler (linear rule, tanh by the activation rule), then the classifier by the linear rule.</summary>
    public Decomposed DecomposedReadout(Decomposed atReadout, DecompositionRun run)
    {
        using var scope = NewDisposeScope();
        return CdtRules.Linear(bert.pooler.DecomposedForward(atReadout), classifier.weight!, classifier.bias).MoveToOuterDisposeScope();
    }
}
