using Ctsft.Circuits;
using Ctsft.Models.Bert;

namespace Ctsft.Models.XlmRoberta;

public sealed partial class XlmRobertaForSequenceClassification : IDecomposableModel
{
    /// <summary>BERT's layers and padding mask; the readout position of an encoder is the first token.</summary>
    public DecomposedPass BeginDecomposedPass(DecompositionRun run) => BertEncoder.BeginDecomposedPass(run);

    public IReadOnlyList<IDecomposableLayer> DecomposableLayers => roberta.encoder.DecomposableLayers;

    /// <summary>The classification head: dense (linear rule), tanh (activation rule), out_proj (linear rule).</summary>
    public Decomposed DecomposedReadout(Decomposed atReadout, DecompositionRun run) => classifier.DecomposedForward(atReadout);
}
