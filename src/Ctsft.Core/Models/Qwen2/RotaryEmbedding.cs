using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

/// <summary>
/// Rotary position embedding in Hugging Face's rotate-half form: inv_freq_i = 1 / theta^(2i/d), angles
/// duplicated over both halves, x * cos + rotate_half(x) * sin.
/// </summary>
public sealed class RotaryEmbedding(int headDim, double theta)
{
    public int HeadDim { get; } = headDim;

    /// <summary>cos and sin for positions 0..length-1, each (1, 1, length, head_dim).</summary>
    public (Tensor Cos, Tensor Sin) Angles(long length, Device device)
    {
        using var scope = NewDisposeScope();
        var invFreq = 1.0 / pow(tensor(theta, float64, device: device), arange(0, HeadDim, 2, dtype: float64, device: device) / HeadDim);
        var freqs = outer(arange(length, dtype: float64, device: device), invFreq);  // (S, d/2)
        var angles = cat([freqs, freqs], -1).to(float32);                            // (S, d)
        var cos = angles.cos().view(1, 1, length, HeadDim);
        var sin = angles.sin().view(1, 1, length, HeadDim);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary>Rotates x, shape (batch, heads, seq, head_dim).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        return (x * cos + RotateHalf(x) * sin).MoveToOuterDisposeScope();
    }

    private static Tensor RotateHalf(Tensor x)
    {
        var half = x.shape[^1] / 2;
        return cat([-x[TensorIndex.Ellipsis, TensorIndex.Slice(half)], x[TensorIndex.Ellipsis, TensorIndex.Slice(0, half)]], -1);
    }
}
