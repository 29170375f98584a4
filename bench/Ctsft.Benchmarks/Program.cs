using Ctsft.Benchmarks;

// Throughput benchmarks (not tests): `dotnet run -c Release --project bench/Ctsft.Benchmarks -- [model ...] [--iterations N]`.
// Models: bert (6 x 384, MiniLM's shape), qwen (Qwen2.5-0.5B's configuration, random weights). Default: both.
// CD-T scoring cost: `... -- circuits [minilm|qwen] [--examples N] [--batch-size B] [--layers-sampled K] [--threads T]`.
if (args.Length > 0 && args[0] == "circuits") return CircuitBenchmark.Run(args[1..]);
var iterations = 3;
var models = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--iterations") iterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    else models.Add(args[i]);
}
if (models.Count == 0) models = ["bert", "qwen"];
return ThroughputBenchmark.Run(models, iterations);
