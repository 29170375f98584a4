using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

public sealed partial class BertForSequenceClassification : IDecomposableModel
{
    /// <summary>
    /// The decomposed twin of <see cref="Forward"/> from a source layer: its remaining layers, then the readout
    /// (first token, pooler, classifier by the linear rule). The readout position of an encoder is always 0.
    /// </summary>
    public Decomposed? Decompose(DecompositionRun run)
    {
        using var scope = NewDisposeScope();
        var pass = new DecomposedPass(run.Options, AttentionMasks.Padding(run.AttentionMask), Observer: run.Observer);
        var layers = bert.encoder.layer;
        var x = layers[run.SourceLayer].DecomposedFromHeads(Decomposed.Irrelevant(run.Residual), run.SourceHeads, pass);
        var last = run.StopAfterLayer ?? _config.NumLayers - 1;
        for (var layer = run.SourceLayer + 1; layer <= last; layer++)
        {
            if (layer == run.StopAfterLayer)
            {
                pass.Observer?.HeadOutputs(layer, layers[layer].DecomposedHeads(x, pass));
                return null;
            }
            x = layers[layer].DecomposedForward(x, pass);
        }
        if (run.StopAfterLayer is not null) return null;
        var pooled = bert.pooler.DecomposedForward(x);
        return CdtRules.Linear(pooled, classifier.weight!, classifier.bias).MoveToOuterDisposeScope();
    }
}
