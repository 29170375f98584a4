using Ctsft.Runtime;

namespace Ctsft.Benchmarks;

/// <summary>The benchmark run's precision (<c>--precision fp32|bf16</c>, default fp32) and thread count (<c>--threads T</c>, default every core).</summary>
public static class BenchmarkPrecision
{
    public static Precision Precision { get; private set; } = Precision.Fp32;

    public static int? Threads { get; private set; }

    /// <summary>Takes <c>--precision X</c> and <c>--threads T</c> out of the arguments (circuits keeps its own <c>--threads</c>).</summary>
    public static string[] Take(string[] args)
    {
        var at = Array.IndexOf(args, "--precision");
        if (at >= 0 && at + 1 < args.Length)
        {
            Precision = Precisions.Parse(args[at + 1]);
            args = [.. args[..at], .. args[(at + 2)..]];
        }
        at = Array.IndexOf(args, "--threads");
        if (at >= 0 && at + 1 < args.Length && args.FirstOrDefault() != "circuits")
        {
            Threads = int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture);
            args = [.. args[..at], .. args[(at + 2)..]];
        }
        return args;
    }

    /// <summary>Sets libtorch's threads: <c>--threads</c>, else every core.</summary>
    public static void SetThreads() => TorchSharp.torch.set_num_threads(Threads ?? Environment.ProcessorCount);
}
