using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

public sealed partial class Qwen2ForCausalLM : IDecomposableModel
{
    /// <summary>Causal mask with padding, and the rotary angles of the run's sequence length.</summary>
    public DecomposedPass BeginDecomposedPass(DecompositionRun run)
    {
        if (run.LabelTokenIds is null) throw new ArgumentException("a decoder's readout needs the label token ids", nameof(run));
        var (cos, sin) = model.Rotary.Angles(run.AttentionMask.shape[1], run.Residual.device);
        return new DecomposedPass(run.Options, AttentionMasks.CausalWithPadding(run.AttentionMask), cos, sin, run.Observer);
    }

    public IReadOnlyList<IDecomposableLayer> DecomposableLayers => [.. model.layers];

    /// <summary>The final norm's RMSNorm rule, then the label tokens' output-embedding rows (no bias).</summary>
    public Decomposed DecomposedReadout(Decomposed atReadout, DecompositionRun run)
    {
        using var scope = NewDisposeScope();
        return model.norm.DecomposedForward(atReadout).Map(t => VocabularyLogits(t, run.LabelTokenIds)).MoveToOuterDisposeScope();
    }
}
