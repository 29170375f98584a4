using Ctsft.Benchmarks;

// Evaluation throughput: `dotnet run -c Release --project bench/Ctsft.Benchmarks -- eval [--data-dir DIR] [--lang jav] [--iterations N]`.
if (args.Length > 0 && args[0] == "eval")
{
    string? dataDir = null;
    var language = "jav";
    var evalIterations = 3;
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--data-dir") dataDir = args[++i];
        else if (args[i] == "--lang") language = args[++i];
        else if (args[i] == "--iterations") evalIterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    }
    return EvaluationBenchmark.Run(Ctsft.Data.Acquisition.DataDirectory.Resolve(dataDir), language, [1, 8, 32], evalIterations);
}

// Throughput benchmarks (not tests): `dotnet run -c Release --project bench/Ctsft.Benchmarks -- [model ...] [--iterations N]`.
// Models: bert (6 x 384, MiniLM's shape), qwen (Qwen2.5-0.5B's configuration, random weights). Default: both.
var iterations = 3;
var models = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--iterations") iterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    else models.Add(args[i]);
}
if (models.Count == 0) models = ["bert", "qwen"];
return ThroughputBenchmark.Run(models, iterations);
