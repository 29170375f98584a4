namespace Ctsft.Runtime;

/// <summary>
/// The arithmetic of a run's matrix products (<c>--precision fp32|bf16</c>). <see cref="Fp32"/> is the paper's and the
/// default; <see cref="Bf16"/> computes the layers' linear projections in bfloat16 from fp32 master weights (see
/// <see cref="MixedPrecision"/>). Not fp32 is a different result, so it is part of a cached stage's identity.
/// </summary>
public enum Precision { Fp32, Bf16 }

public static class Precisions
{
    public const string Values = "fp32 or bf16";
    public const string Help = "Arithmetic of the matrix products: fp32 (default) or bf16 (bfloat16 products, fp32 master weights, optimiser, loss, softmax and norms)";

    /// <summary>
    /// Why <paramref name="precision"/> will be slower than fp32 here, or null: bf16 on a CPU-only build whose CPU has no
    /// bf16 instructions (avx512_bf16, amx_bf16), where libtorch falls back to a generic bf16 GEMM (measured 4-10x slower
    /// than fp32 on this project's AVX2 EPYC; README, Benchmarks).
    /// </summary>
    public static string? SlowerHere(Precision precision)
    {
        if (precision == Precision.Fp32 || TorchBackend.IsCuda) return null;
        var flags = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? ""
            : "";
        return flags.Contains("avx512_bf16", StringComparison.Ordinal) || flags.Contains("amx_bf16", StringComparison.Ordinal)
            ? null
            : "this CPU has no bf16 instructions (avx512_bf16, amx_bf16): libtorch's bf16 products run several times slower than fp32 here";
    }

    public static string Name(this Precision precision) => precision == Precision.Bf16 ? "bf16" : "fp32";

    /// <summary><c>fp32</c> or <c>bf16</c> (case-insensitive; also <c>float32</c> / <c>bfloat16</c>); the message names <paramref name="setting"/>.</summary>
    public static Precision Parse(string? text, string setting = "precision") => (text ?? "fp32").Trim().ToLowerInvariant() switch
    {
        "fp32" or "float32" => Precision.Fp32,
        "bf16" or "bfloat16" => Precision.Bf16,
        _ => throw new BadSettingException(setting, $"{{{setting}}}: '{text}' is not a precision; use {Values}"),
    };
}
