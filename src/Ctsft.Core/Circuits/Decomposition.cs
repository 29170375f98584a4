using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>The decomposed pass of method.md 5.3 from a source layer to the readout, over what a family's layers provide.</summary>
public static class Decomposition
{
    /// <summary>
    /// Runs <paramref name="run"/>: the source layer from its split heads, every later layer, then the readout; or up to
    /// the heads of <see cref="DecompositionRun.StopAfterLayer"/> (observed, then null). The label logits: beta (sources, examples, labels), total (examples, labels).
    /// </summary>
    public static Decomposed? Decompose(this IDecomposableModel model, DecompositionRun run)
    {
        using var scope = NewDisposeScope();
        var pass = model.BeginDecomposedPass(run);
        var layers = model.DecomposableLayers;
        var count = layers.Count;
        var readout = run.ReadoutPositions;
        var totals = run.Totals;
        IDisposable? At(string point) => totals?.At(point);
        var entering = Decomposed.Irrelevant(run.Residual, run.Sources);
        Decomposed x;
        if (run.AtReadoutOnly(run.SourceLayer, count))
            using (At($"{run.SourceLayer} from heads at readout"))
                x = layers[run.SourceLayer].DecomposedFromHeads(entering.AtPositions(readout), run.SourceHeads.AtPositions(readout), pass);
        else
            using (At($"{run.SourceLayer} from heads"))
                x = layers[run.SourceLayer].DecomposedFromHeads(entering, run.SourceHeads, pass);
        for (var layer = run.SourceLayer + 1; layer <= (run.StopAfterLayer ?? count - 1); layer++)
        {
            if (layer == run.StopAfterLayer)
            {
                using (At($"{layer} heads"))
                    pass.Observer?.HeadOutputs(layer, layers[layer].DecomposedHeads(x, pass));
                return null;
            }
            if (run.AtReadoutOnly(layer, count))
                using (At($"{layer} at readout"))
                    x = layers[layer].DecomposedFromHeads(x.AtPositions(readout), layers[layer].DecomposedHeads(x, pass, readout), pass);
            else
                using (At($"{layer}"))
                    x = layers[layer].DecomposedFromHeads(x, layers[layer].DecomposedHeads(x, pass), pass);
        }
        if (run.StopAfterLayer is not null) return null;
        var atReadout = (run.LastLayerAtReadoutOnly ? x : x.AtPositions(readout)).Map(t => t.squeeze(-2));  // beta (sources, examples, hidden)
        using var atPoint = At("readout");
        return model.DecomposedReadout(atReadout, run).MoveToOuterDisposeScope();
    }
}
