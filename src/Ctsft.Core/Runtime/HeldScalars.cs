using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Runtime;

/// <summary>
/// Scalars that outlive the libtorch calls they are passed to. TorchSharp 0.107 turns a number into a Scalar implicitly
/// (a tensor operator with a number, the alpha of 1 of a plain tensor addition, the start of <c>arange(stop)</c>) and
/// leaves it to the finaliser, which can free it while libtorch still reads it: the garbage collector may run, on behalf
/// of another thread, during the native call (dotnet/TorchSharp#1434). A CI run failed once that way, in <c>add</c>, with
/// a corrupted Scalar. So Ctsft.Core passes libtorch only the constants here or a Scalar held in a <c>using</c> local;
/// <c>HeldScalarRulesTests</c> reads Ctsft.Core's IL to keep it so. Every helper computes exactly what the operator it
/// replaces computes (the same values of the same types).
/// </summary>
public static class HeldScalars
{
    public static readonly Scalar Zero = 0.ToScalar(), One = 1.ToScalar(), Two = 2.ToScalar(), MinusOne = (-1).ToScalar();

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a.add_(b)</c>.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary><c>arange(count)</c>: 0, 1, ..., count - 1 (int64 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor Range(long count, Device device, ScalarType? dtype = null) => Range(0, count, device, dtype);

    /// <summary><c>arange(start, stop)</c>.</summary>
    public static Tensor Range(long start, long stop, Device device, ScalarType? dtype = null)
    {
        using var from = start.ToScalar();
        using var to = stop.ToScalar();
        return arange(from, to, One, dtype, device);
    }
}
