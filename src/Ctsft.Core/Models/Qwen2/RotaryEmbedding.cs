using TorchSharp;
using Ctsft.Runtime;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

/// <summary>
/// Rotary position embedding in Hugging Face's rotate-half form: inv_freq_i = 1 / theta^(2i/d), angles
/// duplicated over both halves, x * cos + rotate_half(x) * sin; with Llama 3's scaling, each inv_freq_i scaled by its rule.
/// </summary>
public sealed class RotaryEmbedding(int headDim, double theta, RopeScaling? scaling = null)
{
    public int HeadDim { get; } = headDim;

    /// <summary>Llama 3's scaled frequencies, computed once in float64 (plain RoPE computes them on the device).</summary>
    private readonly double[]? _scaledInverseFrequencies = scaling is null ? null
        : Enumerable.Range(0, headDim / 2).Select(i => scaling.Scale(1.0 / Math.Pow(theta, 2.0 * i / headDim))).ToArray();

    /// <summary>inv_freq (head_dim / 2), float64, on <paramref name="device"/>.</summary>
    public Tensor InverseFrequencies(Device device)
    {
        if (_scaledInverseFrequencies is { } scaled) return tensor(scaled, dtype: float64, device: device);
        using var scope = NewDisposeScope();
        using var dimension = HeadDim.ToScalar();
        var exponents = arange(HeldScalars.Zero, dimension, HeldScalars.Two, float64, device).div(dimension);   // 2i / d
        return pow(tensor(theta, float64, device: device), exponents).reciprocal().MoveToOuterDisposeScope();
    }

    /// <summary>cos and sin for positions 0..length-1, each (1, 1, length, head_dim).</summary>
    public (Tensor Cos, Tensor Sin) Angles(long length, Device device)
    {
        using var scope = NewDisposeScope();
        var invFreq = InverseFrequencies(device);
        var freqs = outer(HeldScalars.Range(length, device, float64), invFreq);  // (S, d/2)
        var angles = cat([freqs, freqs], -1).to(float32);                            // (S, d)
        var cos = angles.cos().view(1, 1, length, HeadDim);
        var sin = angles.sin().view(1, 1, length, HeadDim);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary>Rotates x, shape (batch, heads, seq, head_dim).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        return (x * cos).Plus(RotateHalf(x) * sin).MoveToOuterDisposeScope();
    }

    private static Tensor RotateHalf(Tensor x)
    {
        var half = x.shape[^1] / 2;
        return cat([-x[TensorIndex.Ellipsis, TensorIndex.Slice(half)], x[TensorIndex.Ellipsis, TensorIndex.Slice(0, half)]], -1);
    }
}
