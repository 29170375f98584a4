using Ctsft.Runtime;

namespace Ctsft.Benchmarks;

/// <summary>The benchmark run's precision (<c>--precision fp32|bf16</c>, default fp32).</summary>
public static class BenchmarkPrecision
{
    public static Precision Precision { get; private set; } = Precision.Fp32;

    /// <summary>Takes <c>--precision X</c> out of the arguments.</summary>
    public static string[] Take(string[] args)
    {
        var at = Array.IndexOf(args, "--precision");
        if (at >= 0 && at + 1 < args.Length)
        {
            Precision = Precisions.Parse(args[at + 1]);
            args = [.. args[..at], .. args[(at + 2)..]];
        }
        return args;
    }
}
