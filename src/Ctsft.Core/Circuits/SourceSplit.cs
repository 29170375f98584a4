using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// The split at the source (method.md 5.3): for each source head s and example, beta_z = z - mu(s, p) at every
/// real position p of head s, gamma_z = the rest (mu there, z for every other head and at padding).
/// </summary>
public static class SourceSplit
{
    /// <summary>
    /// z and mu (batch, seq, heads, d), attention mask (batch, seq) -> beta (sources, batch, seq, heads, d) with
    /// source i = <paramref name="heads"/>[i], total z.
    /// </summary>
    public static Decomposed Apply(Tensor z, Tensor mu, Tensor attentionMask, IReadOnlyList<int> heads)
    {
        using var scope = NewDisposeScope();
        var (batch, seq, headCount, d) = (z.shape[0], z.shape[1], z.shape[2], z.shape[3]);
        var real = attentionMask.to(z.dtype).to(z.device).view(batch, seq, 1, 1);
        var relevant = (z - mu) * real;                                                                     // (B, S, H, d)
        var selector = TorchSharp.torch.nn.functional.one_hot(tensor(heads.Select(h => (long)h).ToArray(), device: z.device), headCount)
            .to(z.dtype).view(heads.Count, 1, 1, headCount, 1);                                            // (k, 1, 1, H, 1)
        var beta = relevant.unsqueeze(0) * selector;                                                      // (k, B, S, H, d)
        return new Decomposed(beta, z.alias()).MoveToOuterDisposeScope();
    }
}
