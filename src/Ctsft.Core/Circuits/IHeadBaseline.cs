using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>What a head's output is compared against: the mean mu that the source split subtracts (method.md 5.2, 5.3).</summary>
public interface IHeadBaseline
{
    /// <summary>
    /// mu for every head of <paramref name="layer"/> at every position of a batch, (batch, seq, heads, head_dim),
    /// given the batch's ordinary z of that layer, its attention mask (batch, seq) and readout positions (batch,).
    /// </summary>
    Tensor MeanFor(int layer, Tensor z, Tensor attentionMask, Tensor readoutPositions);
}

/// <summary>mu = the example's own z: every score must then be zero (a property test of the decomposition).</summary>
public sealed class OwnActivationsBaseline : IHeadBaseline
{
    public Tensor MeanFor(int layer, Tensor z, Tensor attentionMask, Tensor readoutPositions) => z.alias();
}
