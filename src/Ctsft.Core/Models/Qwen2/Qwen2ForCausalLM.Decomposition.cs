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
        var x = model.layers[run.SourceLayer].DecomposedFromHeads(Decomposed.Irrelevant(run.Residual), run.SourceHeads, pass);
        var last = run.StopAfterLayer ?? _config.NumLayers - 1;
        for (var layer = run.SourceLayer + 1; layer <= last; layer++)
        {
            if (layer == run.StopAfterLayer)
            {
                pass.Observer?.HeadOutputs(layer, model.layers[layer].DecomposedHeads(x, pass));
                return null;
            }
            x = model.layers[layer].DecomposedForward(x, pass);
        }
        if (run.StopAfterLayer is not null) return null;
        var rows = arange(x.Beta.shape[0], device: x.Beta.device);
        var readout = run.ReadoutPositions.to(x.Beta.device);
        var atReadout = model.norm.DecomposedForward(x.Map(t => t[rows, readout]));   // (R, hidden)
        return atReadout.Map(t => VocabularyLogits(t, run.LabelTokenIds)).MoveToOuterDisposeScope();
    }
}
