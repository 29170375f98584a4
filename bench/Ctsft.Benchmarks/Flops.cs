using Ctsft.Models;

namespace Ctsft.Benchmarks;

/// <summary>
/// Floating-point operations of a forward pass: 2 x non-embedding parameters x tokens for the matrix
/// products, plus attention's two (seq x seq) products per head (4 x batch x seq^2 x heads x head_dim per
/// layer). A training step is three forwards' worth (forward, and backward to inputs and to weights).
/// </summary>
public static class Flops
{
    public const double PeakGflops = 365.0;

    public static double Forward(TransformerModel model, long batch, long seq)
    {
        var c = model.Config;
        var matmul = 2.0 * model.CountParameters(includeEmbeddings: false) * batch * seq;
        var attention = 4.0 * batch * seq * seq * c.NumAttentionHeads * c.HeadDim * c.NumLayers;
        return matmul + attention;
    }

    public static double TrainingStep(TransformerModel model, long batch, long seq) => 3 * Forward(model, batch, seq);
}
