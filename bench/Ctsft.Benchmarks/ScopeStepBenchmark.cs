using System.Diagnostics;
using System.Globalization;
using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Benchmarks;

/// <summary>
/// Training-step time of a K-head scope (12 by default) (slices and gradient masking) against a full step, at batch 16 x 128
/// tokens, with the project's own step (scope binding, clipping over trainable entries, AdamW over trainable
/// entries). Each step is split into forward + loss, backward, and clip + optimiser, so the table is also the
/// profile. Optimiser memory is the moments' bytes (two float32 per trainable entry).
/// </summary>
public static class ScopeStepBenchmark
{
    private const long Batch = BenchmarkBatch.Batch, Sequence = BenchmarkBatch.Sequence;

    public static int Run(IReadOnlyList<string> models, int iterations, int headCount)
    {
        BenchReport.Text.WriteLine($"threads {torch.get_num_threads()}, batch {Batch} x {Sequence} tokens, {iterations} timed steps of each kind after one warm-up, interleaved, fastest reported; load {ProcessStats.LoadAverage()}");
        BenchReport.Text.WriteLine();
        BenchReport.Text.WriteLine("| model | step | forward+loss | backward | clip+AdamW | total | vs full | CPU time (vs full; forward / backward / optimiser) | optimiser state | GFLOP/s |");
        BenchReport.Text.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var name in models)
        {
            torch.manual_seed(0);
            using var model = Load(name);
            model.to(BenchmarkDevice.Device);
            var input = BenchmarkBatch.RandomInput(model.Config);
            var heads = SpreadHeads(model.Config, headCount);
            var (full, slices, gradient) = MeasureInterleaved(model, input, heads, iterations);
            var label = $"{name} ({model.Config.NumLayers}x{model.Config.HiddenSize})";
            var flops = Flops.TrainingStep(model, Batch, Sequence);
            Report(label, "full", full, full, flops);
            BenchReport.Set(name, "scope_heads", heads.Select(h => h.ToString()).ToArray());
            BenchReport.Set(name, "full_step_seconds", full.Total);
            foreach (var (kind, t) in new[] { ("full_step", full), ("scope_step", slices), ("gradient_masking_step", gradient) })
            {
                BenchReport.Set(name, kind + "_cpu_seconds", t.CpuSeconds);
                BenchReport.Set(name, kind + "_forward_cpu_seconds", t.ForwardCpu);
                BenchReport.Set(name, kind + "_backward_cpu_seconds", t.BackwardCpu);
                BenchReport.Set(name, kind + "_optimiser_cpu_seconds", t.OptimiserCpu);
            }
            BenchReport.Set(name, "full_step_gflops", flops / full.Total / 1e9);
            BenchReport.Set(name, "full_step_forward_seconds", full.Forward);
            BenchReport.Set(name, "full_step_backward_seconds", full.Backward);
            BenchReport.Set(name, "full_step_optimiser_seconds", full.Optimiser);
            BenchReport.Set(name, "scope_step_seconds", slices.Total);
            BenchReport.Set(name, "scope_step_forward_seconds", slices.Forward);
            BenchReport.Set(name, "scope_step_backward_seconds", slices.Backward);
            BenchReport.Set(name, "scope_step_optimiser_seconds", slices.Optimiser);
            BenchReport.Set(name, "gradient_masking_step_seconds", gradient.Total);
            BenchReport.Set(name, "scope_over_full", slices.Total / full.Total);
            BenchReport.Set(name, "scope_over_full_cpu", slices.CpuSeconds / full.CpuSeconds);
            BenchReport.Set(name, "scope_over_gradient_masking", slices.Total / gradient.Total);
            BenchReport.Set(name, "optimiser_state_scope_over_full", (double)slices.StateBytes / full.StateBytes);
            BenchReport.Set(name, "peak_rss_gib", ProcessStats.PeakMebibytes() / 1024);
            Report(label, $"{headCount} heads, slices", slices, full, null);
            Report(label, $"{headCount} heads, gradient masking", gradient, full, null);
            BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | ratios | slices / full {slices.Total / full.Total:F2} (CPU {slices.CpuSeconds / full.CpuSeconds:F2}; goal <= 0.60), slices / gradient {slices.Total / gradient.Total:F2} (CPU {slices.CpuSeconds / gradient.CpuSeconds:F2}; goal <= 0.85), optimiser memory slices / full {100.0 * slices.StateBytes / full.StateBytes:F3}% (goal <= 1%) | | | | | | | |"));
            BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"|   heads | {string.Join(",", heads)} | | | | | | | | |"));
        }
        return 0;
    }

    private sealed record Timing(double Forward, double Backward, double Optimiser, double CpuSeconds, long StateBytes,
        double ForwardCpu = 0, double BackwardCpu = 0)
    {
        public double OptimiserCpu => CpuSeconds - ForwardCpu - BackwardCpu;

        public double Total => Forward + Backward + Optimiser;
    }

    private static TransformerModel Load(string name) =>
        name is "minilm" or "bert" ? PretrainedModel.Load("minilm", new ModelLoadOptions { Labels = ["negative", "neutral", "positive"] }).Model
            : ModelFactory.Create(BenchmarkShapes.Load(name));

    /// <summary><paramref name="count"/> heads spread over the layers (12 by default; 2% of Qwen3-0.6B's heads is 8, of Llama-3.2-1B's 10).</summary>
    private static HeadSet SpreadHeads(TransformerConfig config, int count) =>
        new(Enumerable.Range(0, count).Select(i => new HeadRef(i * config.NumLayers / count, i % config.NumAttentionHeads)));

    /// <summary>
    /// Steps of the three kinds taken in turn (full, slices, gradient masking, full, ...) so that load from other
    /// processes on the shared machine falls on all three alike; the full step's optimiser state persists across
    /// rounds, the head scopes' (a few MiB) is created afresh, outside the timed part.
    /// </summary>
    private static (Timing Full, Timing Slices, Timing Gradient) MeasureInterleaved(TransformerModel model, ModelInput input, HeadSet heads, int iterations)
    {
        var settings = new TrainingSettings();
        var fullSelection = ParameterScope.Full.Select(model);
        var headSelection = ParameterScope.OfHeads(heads).Select(model);
        MaskedAdamW? fullOptimizer = null;
        var samples = new List<Timing>[3];
        for (var k = 0; k < 3; k++) samples[k] = [];
        try
        {
            for (var round = 0; round <= iterations; round++)
            {
                for (var kind = 0; kind < 3; kind++)
                {
                    var masking = kind == 2 ? GradientMasking.Gradient : GradientMasking.Slices;
                    using var binding = new ScopeBinding(model, kind == 0 ? fullSelection : headSelection, masking);
                    if (kind == 0) fullOptimizer ??= new MaskedAdamW(binding.Tensors, settings);
                    using var headOptimizer = kind == 0 ? null : new MaskedAdamW(binding.Tensors, settings with { Masking = masking });
                    var timing = Step(model, input, binding, kind == 0 ? fullOptimizer! : headOptimizer!, settings);
                    if (round > 0) samples[kind].Add(timing);
                }
            }
        }
        finally
        {
            fullOptimizer?.Dispose();
        }
        return (Fastest(samples[0]), Fastest(samples[1]), Fastest(samples[2]));
    }

    /// <summary>The fastest step: on a machine shared with other work, the closest to the uncontended time.</summary>
    private static Timing Fastest(List<Timing> samples) => samples.MinBy(s => s.Total)!;

    private static Timing Step(TransformerModel model, ModelInput input, ScopeBinding binding, MaskedAdamW optimizer, TrainingSettings settings)
    {
        using var step = NewDisposeScope();
        model.train();
        binding.ZeroGradients();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var loss = F.cross_entropy(BenchmarkBatch.LabelLogits(model, input), zeros(Batch, dtype: int64, device: BenchmarkDevice.Device));
        loss.item<float>();
        var forward = watch.Elapsed.TotalSeconds;
        var forwardCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        loss.backward();
        binding.MaskGradients();
        var backward = watch.Elapsed.TotalSeconds - forward;
        var backwardCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds - forwardCpu;
        GradientClipping.Clip(binding.Tensors, settings.MaxGradNorm);
        optimizer.Step(1e-5);
        var total = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new Timing(forward, backward, total - forward - backward, cpuSeconds, optimizer.StateEntries * 2 * sizeof(float), forwardCpu, backwardCpu);
    }



    private static void Report(string model, string step, Timing t, Timing full, double? flops) =>
        BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {model} | {step} | {t.Forward:F3} s | {t.Backward:F3} s | {t.Optimiser:F3} s | {t.Total:F3} s | {t.Total / full.Total:F2}x | {t.CpuSeconds:F2} s ({t.CpuSeconds / full.CpuSeconds:F2}x; {t.ForwardCpu:F2} / {t.BackwardCpu:F2} / {t.OptimiserCpu:F2}) | {t.StateBytes / 1048576.0:F2} MiB | {(flops is { } f ? $"{f / t.Total / 1e9:F1} ({100 * f / t.Total / 1e9 / Flops.PeakGflops:F0}% of {Flops.PeakGflops:F0})" : "")} |"));
}
