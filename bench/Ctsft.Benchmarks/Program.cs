using Ctsft.Benchmarks;

// Throughput benchmarks (not tests): `dotnet run -c Release --project bench/Ctsft.Benchmarks -- [scopes] [model ...] [--iterations N]`.
// Models: bert (6 x 384, MiniLM's shape), qwen (Qwen2.5-0.5B's configuration, random weights), minilm (scopes only:
// the real MiniLM). Default: bert and qwen. `scopes`: 12-head scope steps (slices, gradient masking) against full steps.
var iterations = 3;
var scopes = args.Length > 0 && args[0] == "scopes";
if (scopes) args = args[1..];
var models = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--iterations") iterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    else models.Add(args[i]);
}
if (models.Count == 0 && !scopes) models = ["bert", "qwen"];
if (scopes) return ScopeStepBenchmark.Run(models.Count == 0 ? ["minilm", "qwen"] : models, iterations);
return ThroughputBenchmark.Run(models, iterations);
