using System.Diagnostics;
using System.Globalization;
using Ctsft.Circuits;
using Ctsft.Data;
using Ctsft.Data.Protocol;
using Ctsft.Models;
using Ctsft.Tasks;
using Ctsft.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Benchmarks;

/// <summary>
/// CD-T scoring cost (issue 6, item 6): the time of a decomposed pass per (head, example) over the time of an ordinary
/// forward per example, and the wall time and peak memory of depth-0 scoring. <c>minilm</c>: the embedded
/// all-MiniLM-L6-v2 with a seeded classifier, all 72 heads on NusaX Indonesian Pool A examples. <c>qwen</c>: a randomly
/// initialised model of Qwen2.5-0.5B's configuration (336 heads), prompts tokenised with the tiny-qwen2 fixture's
/// byte-level BPE (ids fit the large vocabulary; texts come out longer than under Qwen's own tokenizer); source layers
/// sampled and the whole run extrapolated (the cost of a source layer is linear in the layers above it).
/// </summary>
public static class CircuitBenchmark
{
    public static int Run(IReadOnlyList<string> args)
    {
        var model = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "minilm";
        var examples = Option(args, "--examples", model == "minilm" ? 50 : 2);
        var batch = Option(args, "--batch-size", 0);  // 0: the scorer's choice for the model
        BenchReport.Text.WriteLine($"threads {get_num_threads()}, load average at start: {ProcessStats.LoadAverage()}");
        return model switch
        {
            "minilm" => MiniLm(examples, batch),
            "qwen" or "qwen3" or "llama" => Decoder(model, examples, batch, Option(args, "--layers-sampled", 0)),
            _ => throw new ArgumentException($"unknown circuits benchmark model '{model}' (minilm, qwen, qwen3, llama)"),
        };
    }

    private static int MiniLm(int count, int batch)
    {
        using var taskModel = TaskModel.Load("minilm", ClassificationTask.NusaxSenti, device: BenchmarkDevice.Device);
        var pool = PoolA();
        var examples = pool.Examples.Take(count).ToArray();
        var meanSet = pool.Examples.Skip(count).Take(50).ToArray();
        Measure("minilm", "minilm (BERT 6x384, 72 heads)", taskModel.Model, taskModel.Readout, examples, meanSet, batch, taskModel.Model.Config.AllHeads().ToArray(), null);
        return 0;
    }

    /// <summary>A decoder shape with random weights; <paramref name="layersSampled"/> 0 scores every source layer.</summary>
    private static int Decoder(string name, int count, int batch, int layersSampled)
    {
        var config = BenchmarkShapes.Load(name);
        manual_seed(0);
        using var model = ModelFactory.Create(config);
        model.to(BenchmarkDevice.Device);
        model.eval();
        var tokenizer = TokenizerLoader.FromFolder(BenchmarkShapes.DecoderTokenizerFolder(name));
        var readout = new DecoderReadout(ClassificationTask.NusaxSenti, tokenizer) { Device = BenchmarkDevice.Device };
        var pool = PoolA();
        var examples = pool.Examples.Take(count).ToArray();
        var meanSet = pool.Examples.Skip(count).Take(count).ToArray();
        var layers = layersSampled <= 0 || layersSampled >= config.NumLayers
            ? Enumerable.Range(0, config.NumLayers).ToArray()
            : Enumerable.Range(0, layersSampled).Select(i => i * (config.NumLayers - 1) / Math.Max(1, layersSampled - 1)).Distinct().ToArray();
        var sources = layers.SelectMany(l => Enumerable.Range(0, config.NumAttentionHeads).Select(h => new HeadRef(l, h))).ToArray();
        Measure(name, $"{name} shape ({config.NumLayers}x{config.HiddenSize}), random weights ({config.TotalHeads} heads; source layers {string.Join(", ", layers)})", model, readout, examples, meanSet, batch, sources, layers);
        return 0;
    }

    private static void Measure(string name, string label, TransformerModel model, TaskReadout readout, Example[] examples, Example[] meanSet, int batch,
        HeadRef[] sources, int[]? sampledLayers)
    {
        var config = model.Config;
        var settings = new ScoringSettings(batch > 0 ? batch : null);
        batch = settings.BatchSizeFor(model);
        var tokens = examples.Select(e => readout.Encode(e).InputIds.Length).ToArray();
        BenchReport.Text.WriteLine($"{label}: {examples.Length} examples, {tokens.Average():F1} tokens on average (max {tokens.Max()}), batch {batch}");
        BenchReport.Text.WriteLine($"  RSS after loading: {ProcessStats.Mebibytes("VmRSS"):F0} MB");
        var (forwardAtBatch, forwardCpuAtBatch) = ForwardSecondsPerExample(model, readout, examples, batch);
        var (forwardAt8, forwardCpuAt8) = ForwardSecondsPerExample(model, readout, examples, 8);
        var forward = Math.Min(forwardAtBatch, forwardAt8);
        var forwardCpu = Math.Min(forwardCpuAtBatch, forwardCpuAt8);
        BenchReport.Text.WriteLine($"  RSS after the ordinary forwards: {ProcessStats.Mebibytes("VmRSS"):F0} MB, peak {ProcessStats.Mebibytes("VmHWM"):F0} MB");
        var provenance = new MeanProvenance(meanSet.Select(e => e.Id).ToArray(), readout.Task.LabelNames, []);
        using var means = LabelBalancedMean.Compute(model, readout, meanSet, provenance);
        var scorer = new HeadScorer(model, readout, means, settings: settings);
        // One scoring call over every measured source, as discovery makes it (later source layers reuse the totals earlier
        // ones computed for the same batch); each chunk's time goes to its source layer.
        var perLayer = sources.Select(s => s.Layer).Distinct().ToDictionary(l => l, _ => 0.0);
        var cpuStart = ProcessStats.CpuSeconds();
        var watch = Stopwatch.StartNew();
        var last = 0.0;
        scorer.Score(examples, sources, new InlineProgress<ScoringProgress>(p =>
        {
            var now = watch.Elapsed.TotalSeconds;
            perLayer[p.Layer] += now - last;
            last = now;
        }));
        var cpuSeconds = ProcessStats.CpuSeconds() - cpuStart;
        foreach (var (layer, seconds) in perLayer.OrderBy(p => p.Key))
            BenchReport.Text.WriteLine($"  source layer {layer}: {seconds:F2} s for {config.NumAttentionHeads} heads x {examples.Length} examples");
        BenchReport.Text.WriteLine($"  scoring: {watch.Elapsed.TotalSeconds:F2} s, {cpuSeconds:F2} s CPU (RSS {ProcessStats.Mebibytes("VmRSS"):F0} MB, peak {ProcessStats.Mebibytes("VmHWM"):F0} MB)");
        var measured = perLayer.Values.Sum();
        var pairs = (double)sources.Length * examples.Length;
        var scale = DiscoveryExamples / (double)examples.Length;
        var allLayers = sampledLayers is null || sampledLayers.Length == config.NumLayers ? measured : ExtrapolateAllLayers(perLayer, config.NumLayers);
        var meanForwards = forward * DiscoveryExamples;
        var faithfulnessForwards = forward * 5 * ValidationSize();
        BenchReport.Text.WriteLine($"  ordinary forward: {forward * 1000:F1} ms per example (the faster of batch {batch} and batch 8, sorted by length)");
        BenchReport.Text.WriteLine($"  decomposed pass: {measured / pairs * 1000:F1} ms per (head, example) over the measured sources; ratio {measured / pairs / forward:F2} (goal <= 1.0)");
        BenchReport.Text.WriteLine($"  CPU time: forward {forwardCpu * 1000:F1} ms per example, decomposed pass {cpuSeconds / pairs * 1000:F1} ms per (head, example); ratio {cpuSeconds / pairs / forwardCpu:F2}");
        BenchReport.Text.WriteLine($"  depth-0 scoring of all {config.TotalHeads} heads on {examples.Length} examples: {allLayers:F1} s" +
                                   (sampledLayers is { } l && l.Length < config.NumLayers ? " (extrapolated from the sampled layers)" : "") +
                                   $"; scaled to {DiscoveryExamples} examples: {allLayers * scale:F1} s");
        BenchReport.Text.WriteLine($"  whole depth-2 discovery, estimated: scoring {allLayers * scale:F0} s + {DiscoveryExamples} mean-set forwards {meanForwards:F0} s + faithfulness (5 x {ValidationSize()} validation forwards) {faithfulnessForwards:F0} s = {(allLayers * scale + meanForwards + faithfulnessForwards) / 60:F1} min");
        BenchReport.Text.WriteLine($"  peak RSS {ProcessStats.PeakMebibytes():F0} MB; load average at end: {ProcessStats.LoadAverage()}");
        BenchReport.Set(name, "examples", examples.Length);
        BenchReport.Set(name, "mean_tokens_per_example", tokens.Average());
        BenchReport.Set(name, "batch_size", batch);
        BenchReport.Set(name, "source_layers_measured", perLayer.Keys.Order().ToArray());
        BenchReport.Set(name, "source_layer_seconds", perLayer.OrderBy(p => p.Key).Select(p => Math.Round(p.Value, 3)).ToArray());
        BenchReport.Set(name, "forward_seconds_per_example", forward);
        BenchReport.Set(name, "pass_seconds_per_head_example", measured / pairs);
        BenchReport.Set(name, "pass_over_forward", measured / pairs / forward);
        BenchReport.Set(name, "forward_cpu_seconds_per_example", forwardCpu);
        BenchReport.Set(name, "pass_cpu_seconds_per_head_example", cpuSeconds / pairs);
        BenchReport.Set(name, "pass_over_forward_cpu", cpuSeconds / pairs / forwardCpu);
        BenchReport.Set(name, "depth0_all_heads_seconds_measured_examples", allLayers);
        BenchReport.Set(name, "depth0_all_heads_seconds", allLayers * scale);
        BenchReport.Set(name, "discovery_seconds_estimate", allLayers * scale + meanForwards + faithfulnessForwards);
        BenchReport.Set(name, "discovery_estimate_method",
            $"scoring of every source layer on {examples.Length} examples{(allLayers == measured ? "" : " (layers sampled, the rest by a linear fit in layers above)")} x {DiscoveryExamples}/{examples.Length}, " +
            $"+ {DiscoveryExamples} mean-set forwards + 5 x {ValidationSize()} validation forwards at the measured forward time per example; depth 2 needs no further source runs");
        BenchReport.Set(name, "peak_rss_gib", ProcessStats.PeakMebibytes() / 1024);
    }

    private const int DiscoveryExamples = 50;

    /// <summary>The NusaX Indonesian validation split's size: the faithfulness forwards of a discovery run.</summary>
    private static int ValidationSize() => NusaxSenti.Task.Load(DataFolder(), "ind", "valid").Count;

    /// <summary>Fits t(l) = a + b (layers - l) to the sampled source layers and sums it over every layer.</summary>
    private static double ExtrapolateAllLayers(Dictionary<int, double> perLayer, int layers)
    {
        var xs = perLayer.Keys.Select(l => (double)(layers - l)).ToArray();
        var ys = perLayer.Values.ToArray();
        double a, b;
        if (xs.Length == 1) (a, b) = (0, ys[0] / xs[0]);
        else
        {
            var (mx, my) = (xs.Average(), ys.Average());
            b = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
            a = my - b * mx;
        }
        return Enumerable.Range(0, layers).Sum(l => a + b * (layers - l));
    }

    /// <summary>The median of 3 timed runs after a warm-up, per example: wall seconds and process CPU seconds.</summary>
    private static (double Wall, double Cpu) ForwardSecondsPerExample(TransformerModel model, TaskReadout readout, Example[] examples, int batch)
    {
        var order = examples.OrderByDescending(e => readout.Encode(e).InputIds.Length).ToArray();
        void Once()
        {
            using var noGrad = no_grad();
            foreach (var part in order.Chunk(batch))
            {
                using var scope = NewDisposeScope();
                using var encoded = readout.Encode(part);
                // the full forward, the reference the decomposed pass has always been compared with
                readout.LabelLogits(model, encoded, readoutOnly: false).sum().item<float>();
            }
        }
        Once();
        var times = Enumerable.Range(0, 3).Select(_ =>
        {
            var (w, cpu) = (Stopwatch.StartNew(), ProcessStats.CpuSeconds());
            Once();
            return (Wall: w.Elapsed.TotalSeconds, Cpu: ProcessStats.CpuSeconds() - cpu);
        }).ToArray();
        return (times.Select(t => t.Wall).Order().ElementAt(1) / examples.Length, times.Select(t => t.Cpu).Order().ElementAt(1) / examples.Length);
    }

    internal static Dataset PoolA()
    {
        var train = NusaxSenti.Task.Load(DataFolder(), "ind", "train");
        return PoolSplit.Create(train, 0).PoolA(train);
    }

    private static string DataFolder() => Environment.GetEnvironmentVariable("CTSFT_DATA") ?? Path.Combine(BenchmarkShapes.SharedFixtures(), "..", "data");

    internal static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
