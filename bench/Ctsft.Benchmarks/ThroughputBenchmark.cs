using System.Diagnostics;
using System.Globalization;
using Ctsft.Models;
using Ctsft.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Benchmarks;

/// <summary>Forward and training-step (forward, loss, backward, AdamW) throughput at batch 16 x 128 tokens.</summary>
public static class ThroughputBenchmark
{
    private const long Batch = BenchmarkBatch.Batch, Sequence = BenchmarkBatch.Sequence;

    public static int Run(IReadOnlyList<string> models, int iterations)
    {
        BenchmarkPrecision.SetThreads();
        BenchReport.Text.WriteLine($"threads {torch.get_num_threads()}, batch {Batch} x {Sequence} tokens, {iterations} timed iterations after one warm-up, median reported, precision {BenchmarkPrecision.Precision.Name()}");
        BenchReport.Text.WriteLine();
        BenchReport.Text.WriteLine("| model | pass | time / batch | tokens/s | GFLOP/s | % of 365 GFLOP/s peak | peak RSS |");
        BenchReport.Text.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var name in models)
        {
            torch.manual_seed(0);
            var config = BenchmarkShapes.Load(name);
            using var model = ModelFactory.Create(config);
            model.to(BenchmarkDevice.Device);
            var label = $"{name} ({config.NumLayers}x{config.HiddenSize}, {model.CountParameters(includeEmbeddings: false) / 1e6:F1}M non-embedding)";
            var input = BenchmarkBatch.RandomInput(config);
            BenchReport.Set(name, "non_embedding_parameters", model.CountParameters(includeEmbeddings: false));
            var forwardSeconds = Time(iterations, () => Forward(model, input));
            Report(name, label, "forward", forwardSeconds, Flops.Forward(model, Batch, Sequence));
            BenchReport.Set(name, "forward_peak_rss_gib", ProcessStats.PeakMebibytes() / 1024);
            // parameters, gradients and two AdamW moments, float32, before any activation
            var stateGib = 16.0 * model.CountParameters(includeEmbeddings: true) / (1 << 30);
            if (stateGib > 0.8 * ProcessStats.AvailableMebibytes() / 1024)
            {
                var reason = $"skipped: parameters, gradients and AdamW moments alone are {stateGib:F1} GiB, more than 80% of the {ProcessStats.AvailableMebibytes() / 1024:F1} GiB available";
                BenchReport.Text.WriteLine($"| {label} | training step | {reason} | | | | |");
                BenchReport.Set(name, "full_step_skipped", reason);
                continue;
            }
            var optimizer = optim.AdamW(model.parameters(), lr: 5e-5);
            var stepSeconds = Time(iterations, () => TrainingStep(model, input, optimizer));
            Report(name, label, "full_step", stepSeconds, Flops.TrainingStep(model, Batch, Sequence));
            BenchReport.Set(name, "peak_rss_gib", ProcessStats.PeakMebibytes() / 1024);
            optimizer.Dispose();
        }
        return 0;
    }


    private static void Forward(TransformerModel model, ModelInput input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        BenchmarkBatch.LabelLogits(model, input).sum().item<float>();
    }

    private static void TrainingStep(TransformerModel model, ModelInput input, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        model.train();
        optimizer.zero_grad();
        var logits = BenchmarkBatch.LabelLogits(model, input);
        var loss = F.cross_entropy(logits, zeros(Batch, dtype: int64, device: logits.device));
        loss.backward();
        optimizer.step();
    }


    /// <summary>The median of <paramref name="iterations"/> timed runs after one warm-up, in seconds.</summary>
    internal static double Time(int iterations, Action action)
    {
        action();
        var seconds = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            BenchmarkDevice.Synchronize();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        return seconds[seconds.Count / 2];
    }

    private static void Report(string name, string model, string pass, double seconds, double flops)
    {
        var gflops = flops / seconds / 1e9;
        BenchReport.Set(name, pass + "_seconds", seconds);
        BenchReport.Set(name, pass + "_gflops", gflops);
        BenchReport.Set(name, pass + "_tokens_per_second", Batch * Sequence / seconds);
        BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {model} | {pass} | {seconds:F3} s | {Batch * Sequence / seconds:F0} | {gflops:F1} | {100 * gflops / Flops.PeakGflops:F0}% | {ProcessStats.PeakMebibytes() / 1024:F2} GiB |"));
    }
}
