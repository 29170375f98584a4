using System.Diagnostics;
using System.Globalization;
using Ctsft.Models;
using Ctsft.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Benchmarks;

/// <summary>
/// Forward and training-step (forward, loss, backward, AdamW) throughput at batch 16 x 128 tokens, with the last layer
/// at the readout position only (as tasks run it) and, interleaved with it, through every position (<c>_full_positions</c>):
/// wall and process CPU seconds, medians. FLOPs are the full forward's in both (the work the step stands for).
/// </summary>
public static class ThroughputBenchmark
{
    private const long Batch = BenchmarkBatch.Batch, Sequence = BenchmarkBatch.Sequence;

    /// <summary>
    /// How the training step runs: layers checkpointed; glibc's free memory handed back after each step; ctsft's own
    /// optimiser (<see cref="Ctsft.Training.MaskedAdamW"/>, what <c>ctsft train</c> runs) instead of torch's AdamW.
    /// </summary>
    public sealed record StepOptions(bool GradientCheckpointing, bool MallocTrim, bool MaskedAdamW = false);

    public static int Run(IReadOnlyList<string> models, int iterations, StepOptions options)
    {
        BenchReport.Set("gradient_checkpointing", options.GradientCheckpointing);
        BenchReport.Set("malloc_trim", options.MallocTrim);
        BenchReport.Set("optimizer", options.MaskedAdamW ? "ctsft MaskedAdamW" : "torch AdamW");
        BenchReport.Set("malloc_env", string.Join(" ", new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_" }
            .Where(v => Environment.GetEnvironmentVariable(v) is not null).Select(v => $"{v}={Environment.GetEnvironmentVariable(v)}")));
        BenchReport.Text.WriteLine($"threads {torch.get_num_threads()}, batch {Batch} x {Sequence} tokens, {iterations} timed iterations after one warm-up, median reported, precision {BenchmarkPrecision.Precision.Name()}");
        BenchReport.Text.WriteLine();
        BenchReport.Text.WriteLine("| model | pass | time / batch (process CPU) | tokens/s | GFLOP/s | % of 365 GFLOP/s peak | peak RSS |");
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
            var (forward, forwardFull) = TimeInterleaved(iterations, () => Forward(model, input, true), () => Forward(model, input, false));
            Report(name, label, "forward", forward, Flops.Forward(model, Batch, Sequence));
            Report(name, label, "forward_full_positions", forwardFull, Flops.Forward(model, Batch, Sequence));
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
            var optimizer = options.MaskedAdamW ? StepOptimizer.Masked(model) : StepOptimizer.Torch(model);
            model.Layers.GradientCheckpointing = options.GradientCheckpointing;
            var (step, stepFull) = TimeInterleaved(iterations, () => Step(true), () => Step(false));
            Report(name, label, "full_step", step, Flops.TrainingStep(model, Batch, Sequence));
            Report(name, label, "full_step_full_positions", stepFull, Flops.TrainingStep(model, Batch, Sequence));
            BenchReport.Set(name, "readout_only_over_full_positions_step", step.Wall / stepFull.Wall);
            BenchReport.Set(name, "readout_only_over_full_positions_step_cpu", step.Cpu / stepFull.Cpu);
            BenchReport.Set(name, "readout_only_over_full_positions_forward_cpu", forward.Cpu / forwardFull.Cpu);

            void Step(bool readoutOnly)
            {
                TrainingStep(model, input, optimizer, readoutOnly);
                if (options.MallocTrim) Ctsft.Runtime.GlibcMalloc.Trim();
            }
            BenchReport.Set(name, "peak_rss_gib", ProcessStats.PeakMebibytes() / 1024);
            optimizer.Dispose();
        }
        return 0;
    }


    private static void Forward(TransformerModel model, ModelInput input, bool readoutOnly)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        BenchmarkBatch.LabelLogits(model, input, readoutOnly).sum().item<float>();
    }

    private static void TrainingStep(TransformerModel model, ModelInput input, StepOptimizer optimizer, bool readoutOnly)
    {
        using var scope = NewDisposeScope();
        model.train();
        optimizer.ZeroGrad();
        var logits = BenchmarkBatch.LabelLogits(model, input, readoutOnly);
        var loss = F.cross_entropy(logits, zeros(Batch, dtype: int64, device: logits.device));
        loss.backward();
        optimizer.Step();
    }

    /// <summary>torch's AdamW or ctsft's MaskedAdamW over every parameter, at 5e-5.</summary>
    private sealed class StepOptimizer(Action zeroGrad, Action step, IDisposable owned) : IDisposable
    {
        public void ZeroGrad() => zeroGrad();
        public void Step() => step();
        public void Dispose() => owned.Dispose();

        public static StepOptimizer Torch(TransformerModel model)
        {
            var adamW = optim.AdamW(model.parameters(), lr: 5e-5);
            return new StepOptimizer(() => adamW.zero_grad(), () => adamW.step(), adamW);
        }

        /// <summary>The full scope bound as <c>ctsft train</c> binds it, and its optimiser.</summary>
        public static StepOptimizer Masked(TransformerModel model)
        {
            var binding = new Ctsft.Training.ScopeBinding(model, Ctsft.Scopes.ParameterScope.Full.Select(model), Ctsft.Training.GradientMasking.Slices);
            var adamW = new Ctsft.Training.MaskedAdamW(binding.Tensors, new Ctsft.Training.TrainingSettings { LearningRate = 5e-5 });
            return new StepOptimizer(binding.ZeroGradients, () => adamW.Step(5e-5), new Owned(adamW, binding));
        }

        private sealed class Owned(params IDisposable[] owned) : IDisposable
        {
            public void Dispose() { foreach (var item in owned) item.Dispose(); }
        }
    }


    /// <summary>The median of <paramref name="iterations"/> timed runs after one warm-up, in wall seconds.</summary>
    internal static double Time(int iterations, Action action)
    {
        action();
        var seconds = Enumerable.Range(0, iterations).Select(_ => Time(action).Wall).Order().ToArray();
        return seconds[seconds.Length / 2];
    }

    private readonly record struct Seconds(double Wall, double Cpu);

    /// <summary>Medians of <paramref name="a"/> and <paramref name="b"/> run in turn (after one warm-up each), so that load falls on both alike.</summary>
    private static (Seconds A, Seconds B) TimeInterleaved(int iterations, Action a, Action b)
    {
        a();
        b();
        var (timesA, timesB) = (new List<Seconds>(), new List<Seconds>());
        for (var i = 0; i < iterations; i++)
        {
            timesA.Add(Time(a));
            timesB.Add(Time(b));
        }
        return (Median(timesA), Median(timesB));
    }

    private static Seconds Time(Action action)
    {
        var (watch, cpu) = (Stopwatch.StartNew(), ProcessStats.CpuSeconds());
        action();
        BenchmarkDevice.Synchronize();
        return new Seconds(watch.Elapsed.TotalSeconds, ProcessStats.CpuSeconds() - cpu);
    }

    private static Seconds Median(List<Seconds> times) =>
        new(times.Select(t => t.Wall).Order().ElementAt(times.Count / 2), times.Select(t => t.Cpu).Order().ElementAt(times.Count / 2));

    private static void Report(string name, string model, string pass, Seconds time, double flops)
    {
        var seconds = time.Wall;
        var gflops = flops / seconds / 1e9;
        BenchReport.Set(name, pass + "_cpu_seconds", time.Cpu);
        BenchReport.Set(name, pass + "_seconds", seconds);
        BenchReport.Set(name, pass + "_gflops", gflops);
        BenchReport.Set(name, pass + "_tokens_per_second", Batch * Sequence / seconds);
        BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {model} | {pass} | {seconds:F3} s (CPU {time.Cpu:F3} s) | {Batch * Sequence / seconds:F0} | {gflops:F1} | {100 * gflops / Flops.PeakGflops:F0}% | {ProcessStats.PeakMebibytes() / 1024:F2} GiB |"));
    }
}
