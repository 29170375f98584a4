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
        var count = _config.NumLayers;
        var readout = zeros_like(run.ReadoutPositions);  // an encoder reads the first token
        var x = run.AtReadoutOnly(run.SourceLayer, count)
            ? layers[run.SourceLayer].DecomposedFromHeads(Decomposed.Irrelevant(run.Residual).AtPositions(readout), run.SourceHeads.AtPositions(readout), pass)
            : layers[run.SourceLayer].DecomposedFromHeads(Decomposed.Irrelevant(run.Residual), run.SourceHeads, pass);
        for (var layer = run.SourceLayer + 1; layer <= (run.StopAfterLayer ?? count - 1); layer++)
        {
            if (layer == run.StopAfterLayer)
            {
                pass.Observer?.HeadOutputs(layer, layers[layer].DecomposedHeads(x, pass));
                return null;
            }
            x = run.AtReadoutOnly(layer, count) ? layers[layer].DecomposedForwardAtReadout(x, pass, readout) : layers[layer].DecomposedForward(x, pass);
        }
        if (run.StopAfterLayer is not null) return null;
        var pooled = bert.pooler.DecomposedForward(x);
        return CdtRules.Linear(pooled, classifier.weight!, classifier.bias).MoveToOuterDisposeScope();
    }
}
