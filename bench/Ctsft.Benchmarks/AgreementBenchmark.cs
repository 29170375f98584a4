using System.Globalization;
using Ctsft.Circuits;
using Ctsft.Data;
using Ctsft.Data.Protocol;
using Ctsft.Models;
using Ctsft.Runtime;
using Ctsft.Tasks;
using Ctsft.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Benchmarks;

/// <summary>
/// Do bf16 head rankings agree with fp32's? The same CD-T scoring (means and depth-0 / depth-1 scores of every
/// scored head on NusaX Indonesian Pool A examples) once in fp32 and once in bf16 (<see cref="MixedPrecision"/>):
/// overlap of the top-2% head sets (and of the top 3), and Spearman's rank correlation of all scores.
/// <c>minilm [--model DIR]</c>: the embedded MiniLM (seeded classifier) or a trained checkpoint of it;
/// <c>qwen</c>: Qwen2.5-0.5B's shape with random weights, as the circuits benchmark builds it.
/// </summary>
public static class AgreementBenchmark
{
    public static int Run(IReadOnlyList<string> args)
    {
        var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "minilm";
        var examples = CircuitBenchmark.Option(args, "--examples", name == "minilm" ? 20 : 2);
        var layersSampled = CircuitBenchmark.Option(args, "--layers-sampled", 0);
        var modelPath = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault();
        var pool = CircuitBenchmark.PoolA();
        var exampleSet = pool.Examples.Take(examples).ToArray();
        var meanSet = pool.Examples.Skip(examples).Take(Math.Max(examples, name == "minilm" ? 50 : 2)).ToArray();
        if (name == "minilm")
        {
            using var taskModel = TaskModel.Load(modelPath ?? "minilm", ClassificationTask.NusaxSenti, device: BenchmarkDevice.Device);
            Compare(name, $"minilm ({modelPath ?? "embedded, seeded classifier"})", taskModel.Model, taskModel.Readout, exampleSet, meanSet, taskModel.Model.Config.AllHeads().ToArray());
            return 0;
        }
        var config = BenchmarkShapes.Load(name);
        manual_seed(0);
        using var model = ModelFactory.Create(config);
        model.to(BenchmarkDevice.Device);
        model.eval();
        var readout = new DecoderReadout(ClassificationTask.NusaxSenti, TokenizerLoader.FromFolder(BenchmarkShapes.DecoderTokenizerFolder(name))) { Device = BenchmarkDevice.Device };
        var layers = layersSampled <= 0 || layersSampled >= config.NumLayers
            ? Enumerable.Range(0, config.NumLayers).ToArray()
            : Enumerable.Range(0, layersSampled).Select(i => i * (config.NumLayers - 1) / Math.Max(1, layersSampled - 1)).Distinct().ToArray();
        var sources = layers.SelectMany(l => Enumerable.Range(0, config.NumAttentionHeads).Select(h => new HeadRef(l, h))).ToArray();
        Compare(name, $"{name} shape, random weights, source layers {string.Join(",", layers)}", model, readout, exampleSet, meanSet, sources);
        return 0;
    }

    private static void Compare(string name, string label, TransformerModel model, TaskReadout readout, Example[] examples, Example[] meanSet, HeadRef[] sources)
    {
        var fp32 = Scores(model, readout, examples, meanSet, sources, Precision.Fp32);
        var bf16 = Scores(model, readout, examples, meanSet, sources, Precision.Bf16);
        var top2 = Math.Max(1, (int)Math.Floor(0.02 * sources.Length + 1e-9));
        var d0 = (Pick(fp32.Depth0Scores(), sources), Pick(bf16.Depth0Scores(), sources));
        var targets = Top(d0.Item1, sources, 3);
        var d1 = (Pick(fp32.TargetScores(targets), sources), Pick(bf16.TargetScores(targets), sources));
        BenchReport.Text.WriteLine($"{label}: {sources.Length} source heads, {examples.Length} examples, top 2% = {top2} heads");
        BenchReport.Set(name, "source_heads", sources.Length);
        BenchReport.Set(name, "examples", examples.Length);
        BenchReport.Set(name, "top_2_percent_heads", top2);
        foreach (var (depth, (a, b)) in new[] { ("depth0", d0), ("depth1", d1) })
        {
            var overlapTop2 = Top(a, sources, top2).Intersect(Top(b, sources, top2)).Count();
            var overlapTop3 = Top(a, sources, 3).Intersect(Top(b, sources, 3)).Count();
            var rho = Spearman(a, b);
            var maxDiff = a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
            var scale = a.Max(Math.Abs);
            BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {depth}: top-2% overlap {overlapTop2}/{top2}, top-3 overlap {overlapTop3}/3, Spearman {rho:F4}, max |bf16 - fp32| {maxDiff:G3} (largest |score| {scale:G3}); fp32 top 3 {string.Join(",", Top(a, sources, 3))}, bf16 top 3 {string.Join(",", Top(b, sources, 3))}"));
            BenchReport.Set(name, depth + "_top2pct_overlap", overlapTop2 / (double)top2);
            BenchReport.Set(name, depth + "_top3_overlap", overlapTop3 / 3.0);
            BenchReport.Set(name, depth + "_spearman", rho);
            BenchReport.Set(name, depth + "_max_abs_difference", maxDiff);
            BenchReport.Set(name, depth + "_max_abs_score", scale);
        }
    }

    private static HeadScores Scores(TransformerModel model, TaskReadout readout, Example[] examples, Example[] meanSet, HeadRef[] sources, Precision precision)
    {
        using var use = MixedPrecision.Use(precision);
        var provenance = new MeanProvenance(meanSet.Select(e => e.Id).ToArray(), readout.Task.LabelNames, []);
        using var means = LabelBalancedMean.Compute(model, readout, meanSet, provenance);
        return new HeadScorer(model, readout, means).Score(examples, sources);
    }

    private static double[] Pick(double[,] scores, HeadRef[] sources) => sources.Select(s => scores[s.Layer, s.Head]).ToArray();

    private static HeadRef[] Top(double[] scores, HeadRef[] sources, int k) =>
        scores.Select((s, i) => (s, i)).OrderByDescending(p => p.s).Take(k).Select(p => sources[p.i]).ToArray();

    /// <summary>Pearson correlation of the ranks (ties get their mean rank).</summary>
    public static double Spearman(double[] a, double[] b)
    {
        var (ra, rb) = (Ranks(a), Ranks(b));
        var (ma, mb) = (ra.Average(), rb.Average());
        var cov = ra.Zip(rb).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(ra.Sum(x => (x - ma) * (x - ma)) * rb.Sum(x => (x - mb) * (x - mb)));
    }

    private static double[] Ranks(double[] values)
    {
        var order = values.Select((v, i) => (v, i)).OrderBy(p => p.v).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && order[end + 1].v == order[start].v) end++;
            for (var k = start; k <= end; k++) ranks[order[k].i] = (start + end) / 2.0;
            start = end + 1;
        }
        return ranks;
    }
}
