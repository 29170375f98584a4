using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

public sealed partial class Qwen2ForCausalLM : IDecomposableModel
{
    /// <summary>
    /// The decomposed twin of <see cref="Forward"/> from a source layer: its remaining layers, then the readout:
    /// the final norm's RMSNorm rule at the readout position and the label tokens' unembedding rows (no bias).
    /// </summary>
    public Decomposed? Decompose(DecompositionRun run)
    {
        if (run.LabelTokenIds is null) throw new ArgumentException("a decoder's readout needs the label token ids", nameof(run));
        using var scope = NewDisposeScope();
        var seq = run.AttentionMask.shape[1];
        var (cos, sin) = model.Rotary.Angles(seq, run.Residual.device);
        var pass = new DecomposedPass(run.Options, AttentionMasks.CausalWithPadding(run.AttentionMask), cos, sin, run.Observer);
        var layers = _config.NumLayers;
        var source = model.layers[run.SourceLayer];
        var x = run.AtReadoutOnly(run.SourceLayer, layers)
            ? source.DecomposedFromHeads(Decomposed.Irrelevant(run.Residual).AtPositions(run.ReadoutPositions), run.SourceHeads.AtPositions(run.ReadoutPositions), pass)
            : source.DecomposedFromHeads(Decomposed.Irrelevant(run.Residual), run.SourceHeads, pass);
        for (var layer = run.SourceLayer + 1; layer <= (run.StopAfterLayer ?? layers - 1); layer++)
        {
            if (layer == run.StopAfterLayer)
            {
                pass.Observer?.HeadOutputs(layer, model.layers[layer].DecomposedHeads(x, pass));
                return null;
            }
            x = run.AtReadoutOnly(layer, layers)
                ? model.layers[layer].DecomposedForwardAtReadout(x, pass, run.ReadoutPositions)
                : model.layers[layer].DecomposedForward(x, pass);
        }
        if (run.StopAfterLayer is not null) return null;
        var atReadout = model.norm.DecomposedForward(run.LastLayerAtReadoutOnly ? x.Map(t => t[TensorIndex.Colon, 0]) : x.AtPositions(run.ReadoutPositions).Map(t => t.squeeze(1)));  // (R, hidden)
        return atReadout.Map(t => VocabularyLogits(t, run.LabelTokenIds)).MoveToOuterDisposeScope();
    }
}
