using Ctsft.Runtime;
using static TorchSharp.torch;

namespace Ctsft.Benchmarks;

/// <summary>The benchmark run's device (<c>--device auto|cpu|cuda|cuda:N</c>, default cpu): models and batches go there.</summary>
public static class BenchmarkDevice
{
    public static DeviceSelection Selection { get; private set; } = DeviceSelection.Cpu;

    public static Device Device => Selection.Device;

    /// <summary>Takes <c>--device X</c> out of the arguments and resolves it (exit 2 with the reason when unusable).</summary>
    public static string[] Take(string[] args)
    {
        var at = Array.IndexOf(args, "--device");
        if (at < 0 || at + 1 >= args.Length) return args;
        Selection = DeviceSelection.Resolve(args[at + 1]);
        return [.. args[..at], .. args[(at + 2)..]];
    }

    /// <summary>Waits for queued GPU work, so that a timing covers it (a no-op on the CPU).</summary>
    public static void Synchronize()
    {
        if (Selection.IsCuda) cuda.synchronize(Device);
    }
}
