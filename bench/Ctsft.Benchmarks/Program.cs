using System.Globalization;
using Ctsft.Benchmarks;
using Ctsft.Runtime;

// Benchmarks (never tests): `dotnet run -c Release --project bench/Ctsft.Benchmarks -- <benchmark> [options]`.
//   throughput [bert] [qwen] [qwen3] [llama] [--iterations N] [--gradient-checkpointing] [--malloc-trim] [--masked-adamw]   forward and
//     training-step throughput (default: bert and qwen); the step with checkpointed layers, or glibc's malloc_trim after each step
//   scopes [minilm] [qwen] [qwen3] [llama] [--iterations N] [--heads K]   K-head scope steps (slices, gradient masking) against full steps
//   eval [--data-dir DIR] [--lang jav] [--iterations N]   evaluation throughput by batch size and order
//   circuits [minilm|qwen|qwen3|llama] [--examples N] [--batch-size B] [--layers-sampled K]   CD-T scoring cost
//   agreement [minilm [--model DIR]|qwen] [--examples N] [--layers-sampled K]   bf16 against fp32 CD-T head rankings
//   matmul [bert] [qwen] [--iterations N]   bf16 against fp32 products at the layers' projection shapes
//   every benchmark also takes --threads T (libtorch's threads; default every core), --device auto|cpu|cuda|cuda:N (default cpu), --precision fp32|bf16 (default fp32;
//   throughput, scopes and circuits run their passes in it) and --json (one JSON object of named
//   figures on standard output, the tables on standard error)
try
{
    args = BenchmarkThreads.Take(BenchmarkPrecision.Take(BenchReport.Start(BenchmarkDevice.Take(args))));
}
catch (Ctsft.BadInputException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return Ctsft.BadInputException.ExitCode;
}
BenchReport.Set("device", BenchmarkDevice.Device.ToString());
BenchReport.Set("precision", BenchmarkPrecision.Precision.Name());
using var precision = MixedPrecision.Use(BenchmarkPrecision.Precision);
if (args.Length > 0 && args[0] == "agreement")
{
    BenchReport.Set("benchmark", "agreement");
    return BenchReport.Finish(AgreementBenchmark.Run(args[1..]));
}
if (args.Length > 0 && args[0] == "circuits")
{
    BenchReport.Set("benchmark", "circuits");
    return BenchReport.Finish(CircuitBenchmark.Run(args[1..]));
}
var benchmark = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is "throughput" or "scopes" or "eval" or "matmul"
    ? args[0] : "throughput";
var rest = benchmark == "throughput" && (args.Length == 0 || args[0] != "throughput") ? args : args[1..];

BenchReport.Set("benchmark", benchmark);
var iterations = 3;
var scopeHeads = 12;
string? dataDir = null;
var language = "jav";
var models = new List<string>();
var stepOptions = new ThroughputBenchmark.StepOptions(false, false);
for (var i = 0; i < rest.Length; i++)
{
    switch (rest[i])
    {
        case "--iterations": iterations = int.Parse(rest[++i], CultureInfo.InvariantCulture); break;
        case "--data-dir": dataDir = rest[++i]; break;
        case "--lang": language = rest[++i]; break;
        case "--heads": scopeHeads = int.Parse(rest[++i], CultureInfo.InvariantCulture); break;
        case "--gradient-checkpointing": stepOptions = stepOptions with { GradientCheckpointing = true }; break;
        case "--malloc-trim": stepOptions = stepOptions with { MallocTrim = true }; break;
        case "--masked-adamw": stepOptions = stepOptions with { MaskedAdamW = true }; break;
        default: models.Add(rest[i]); break;
    }
}

return BenchReport.Finish(benchmark switch
{
    "matmul" => MatmulBenchmark.Run(models.Count == 0 ? ["bert", "qwen"] : models, iterations),
    "scopes" => ScopeStepBenchmark.Run(models.Count == 0 ? ["minilm", "qwen"] : models, iterations, scopeHeads),
    "eval" => EvaluationBenchmark.Run(Ctsft.Data.Acquisition.DataDirectory.Resolve(dataDir), language, [1, 8, 32], iterations),
    _ => ThroughputBenchmark.Run(models.Count == 0 ? ["bert", "qwen"] : models, iterations, stepOptions),
});
