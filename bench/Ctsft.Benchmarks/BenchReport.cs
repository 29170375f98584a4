using System.Globalization;
using System.Text.Json;

namespace Ctsft.Benchmarks;

/// <summary>
/// What one benchmark run reports: the human-readable table lines (<see cref="Text"/>; standard error under
/// <c>--json</c>) and, with <c>--json</c>, one JSON object on standard output with named figures per model, the
/// threads, and the machine's load average at start and end so that a reader knows whether it was quiet.
/// </summary>
public static class BenchReport
{
    private static readonly Dictionary<string, object?> Root = new();
    private static readonly Dictionary<string, Dictionary<string, object?>> Models = new();

    /// <summary>Whether the run prints the JSON object (set by <c>--json</c>).</summary>
    public static bool Json { get; private set; }

    /// <summary>Where the human-readable lines go: standard output, or standard error under <c>--json</c>.</summary>
    public static TextWriter Text => Json ? Console.Error : Console.Out;

    /// <summary>Takes <c>--json</c> out of the arguments and records the start of the run.</summary>
    public static string[] Start(string[] args)
    {
        Json = args.Contains("--json");
        Root["load_average_start"] = ProcessStats.LoadAverages();
        Root["started_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        Root["processors"] = Environment.ProcessorCount;
        return [.. args.Where(a => a != "--json")];
    }

    /// <summary>A figure of the whole run (the benchmark's name, its settings).</summary>
    public static void Set(string name, object? value) => Root[name] = value;

    /// <summary>A named figure of one model (seconds, GFLOP/s, ratios, GiB).</summary>
    public static void Set(string model, string name, object? value)
    {
        if (!Models.TryGetValue(model, out var figures)) Models[model] = figures = new();
        figures[name] = value is double d ? Math.Round(d, 6) : value;
    }

    /// <summary>Ends the run: the load average at end, the process's peak memory, and the JSON object when asked for.</summary>
    public static int Finish(int exitCode)
    {
        Root["load_average_end"] = ProcessStats.LoadAverages();
        Root["threads"] = TorchSharp.torch.get_num_threads();
        Root["process_peak_rss_gib"] = Math.Round(ProcessStats.PeakMebibytes() / 1024, 3);
        Root["models"] = Models;
        if (Json) Console.WriteLine(JsonSerializer.Serialize(Root, new JsonSerializerOptions { WriteIndented = true }));
        return exitCode;
    }
}
