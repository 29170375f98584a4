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
        var examples = Option(args, "--examples", model == "qwen" ? 4 : 50);
        var batch = Option(args, "--batch-size", 0);  // 0: the scorer's choice for the model
        set_num_threads(Option(args, "--threads", Environment.ProcessorCount));
        Console.WriteLine($"threads {get_num_threads()}, load average at start: {ProcessStats.LoadAverage()}");
        return model switch
        {
            "minilm" => MiniLm(examples, batch),
            "qwen" => Qwen(examples, batch, Option(args, "--layers-sampled", 3)),
            _ => throw new ArgumentException($"unknown circuits benchmark model '{model}' (minilm, qwen)"),
        };
    }

    private static int MiniLm(int count, int batch)
    {
        using var taskModel = TaskModel.Load("minilm", ClassificationTask.NusaxSenti, device: BenchmarkDevice.Device);
        var pool = PoolA();
        var examples = pool.Examples.Take(count).ToArray();
        var meanSet = pool.Examples.Skip(count).Take(50).ToArray();
        Measure("minilm (BERT 6x384, 72 heads)", taskModel.Model, taskModel.Readout, examples, meanSet, batch, taskModel.Model.Config.AllHeads().ToArray(), null);
        return 0;
    }

    private static int Qwen(int count, int batch, int layersSampled)
    {
        var config = BenchmarkShapes.Load("qwen");
        manual_seed(0);
        using var model = ModelFactory.Create(config);
        model.to(BenchmarkDevice.Device);
        model.eval();
        var tokenizer = TokenizerLoader.FromFolder(Path.Combine(BenchmarkShapes.SharedFixtures(), "tiny-qwen2"));
        var readout = new DecoderReadout(ClassificationTask.NusaxSenti, tokenizer) { Device = BenchmarkDevice.Device };
        var pool = PoolA();
        var examples = pool.Examples.Take(count).ToArray();
        var meanSet = pool.Examples.Skip(count).Take(count).ToArray();
        var layers = Enumerable.Range(0, layersSampled).Select(i => i * (config.NumLayers - 1) / Math.Max(1, layersSampled - 1)).Distinct().ToArray();
        var sources = layers.SelectMany(l => Enumerable.Range(0, config.NumAttentionHeads).Select(h => new HeadRef(l, h))).ToArray();
        Measure($"qwen2.5-0.5b shape, random weights ({config.TotalHeads} heads; source layers {string.Join(", ", layers)})", model, readout, examples, meanSet, batch, sources, layers);
        return 0;
    }

    private static void Measure(string label, TransformerModel model, TaskReadout readout, Example[] examples, Example[] meanSet, int batch,
        HeadRef[] sources, int[]? sampledLayers)
    {
        var config = model.Config;
        var settings = new ScoringSettings(batch > 0 ? batch : null);
        batch = settings.BatchSizeFor(model);
        var tokens = examples.Select(e => readout.Encode(e).InputIds.Length).ToArray();
        Console.WriteLine($"{label}: {examples.Length} examples, {tokens.Average():F1} tokens on average (max {tokens.Max()}), batch {batch}");
        Console.WriteLine($"  RSS after loading: {ProcessStats.Mebibytes("VmRSS"):F0} MB");
        var forward = Math.Min(ForwardSecondsPerExample(model, readout, examples, batch), ForwardSecondsPerExample(model, readout, examples, 8));
        Console.WriteLine($"  RSS after the ordinary forwards: {ProcessStats.Mebibytes("VmRSS"):F0} MB, peak {ProcessStats.Mebibytes("VmHWM"):F0} MB");
        var provenance = new MeanProvenance(meanSet.Select(e => e.Id).ToArray(), readout.Task.LabelNames, []);
        using var means = LabelBalancedMean.Compute(model, readout, meanSet, provenance);
        var scorer = new HeadScorer(model, readout, means, settings: settings);
        var perLayer = new Dictionary<int, double>();
        foreach (var layer in sources.Select(s => s.Layer).Distinct())
        {
            var watch = Stopwatch.StartNew();
            scorer.Score(examples, sources.Where(s => s.Layer == layer));
            perLayer[layer] = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"  source layer {layer}: {perLayer[layer]:F2} s for {config.NumAttentionHeads} heads x {examples.Length} examples (RSS {ProcessStats.Mebibytes("VmRSS"):F0} MB, peak {ProcessStats.Mebibytes("VmHWM"):F0} MB)");
        }
        var measured = perLayer.Values.Sum();
        var pairs = (double)sources.Length * examples.Length;
        Console.WriteLine($"  ordinary forward: {forward * 1000:F1} ms per example (the faster of batch {batch} and batch 8, sorted by length)");
        Console.WriteLine($"  decomposed pass: {measured / pairs * 1000:F1} ms per (head, example) over the sampled sources; ratio {measured / pairs / forward:F2} (goal <= 1.5)");
        if (sampledLayers is null)
        {
            Console.WriteLine($"  depth-0 scoring of all {sources.Length} heads on {examples.Length} examples: {measured:F1} s wall (goal < 60 s)");
        }
        else
        {
            var full = ExtrapolateAllLayers(perLayer, config.NumLayers);
            Console.WriteLine($"  extrapolated depth-0 scoring of all {config.TotalHeads} heads on {examples.Length} examples: {full:F0} s; on 50 examples: {full * 50 / examples.Length / 60:F0} min");
            Console.WriteLine($"  a full depth-2 run needs no further source runs (R(s, t) toward every target is recorded in the same pass), so it costs the same plus the means and faithfulness forwards");
        }
        Console.WriteLine($"  peak RSS {ProcessStats.PeakMebibytes():F0} MB; load average at end: {ProcessStats.LoadAverage()}");
    }

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

    private static double ForwardSecondsPerExample(TransformerModel model, TaskReadout readout, Example[] examples, int batch)
    {
        var order = examples.OrderByDescending(e => readout.Encode(e).InputIds.Length).ToArray();
        void Once()
        {
            using var noGrad = no_grad();
            foreach (var part in order.Chunk(batch))
            {
                using var scope = NewDisposeScope();
                using var encoded = readout.Encode(part);
                readout.LabelLogits(model, encoded).sum().item<float>();
            }
        }
        Once();
        var times = Enumerable.Range(0, 3).Select(_ => { var w = Stopwatch.StartNew(); Once(); return w.Elapsed.TotalSeconds; }).Order().ToArray();
        return times[1] / examples.Length;
    }

    private static Dataset PoolA()
    {
        var data = Environment.GetEnvironmentVariable("CTSFT_DATA") ?? Path.Combine(BenchmarkShapes.SharedFixtures(), "..", "data");
        var train = NusaxSenti.Task.Load(data, "ind", "train");
        return PoolSplit.Create(train, 0).PoolA(train);
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
