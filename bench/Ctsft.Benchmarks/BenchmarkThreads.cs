namespace Ctsft.Benchmarks;

/// <summary>The benchmark run's libtorch threads (<c>--threads T</c>, default every core), set once before any benchmark runs.</summary>
public static class BenchmarkThreads
{
    /// <summary>Takes <c>--threads T</c> out of the arguments and sets libtorch's thread count.</summary>
    public static string[] Take(string[] args)
    {
        var threads = Environment.ProcessorCount;
        var at = Array.IndexOf(args, "--threads");
        if (at >= 0)
        {
            if (at + 1 >= args.Length || !int.TryParse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture, out threads) || threads < 1)
                throw new BadInputException("--threads: needs a whole number of threads of at least 1");
            args = [.. args[..at], .. args[(at + 2)..]];
        }
        TorchSharp.torch.set_num_threads(threads);
        return args;
    }
}
