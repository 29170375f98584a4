using System.Diagnostics;
using System.Globalization;
using Ctsft.Data;
using Ctsft.Evaluation;
using Ctsft.Tasks;
using TorchSharp;

namespace Ctsft.Benchmarks;

/// <summary>
/// Evaluation throughput: the embedded MiniLM on the 400-row NusaX test set of one language, at several batch
/// sizes (the whole <c>ctsft eval</c> path: tokenising, padding, forward, metrics).
/// </summary>
public static class EvaluationBenchmark
{
    public static int Run(string dataDir, string language, IReadOnlyList<int> batchSizes, int iterations)
    {
        var data = NusaxSenti.Load(dataDir, language, "test");
        using var model = TaskModel.Load("minilm", ClassificationTask.NusaxSenti, device: BenchmarkDevice.Device);
        var lengths = data.Examples.Select(e => model.Readout.Encode(e).InputIds.Length).ToArray();
        var realTokens = lengths.Sum();
                BenchReport.Text.WriteLine($"minilm on NusaX {language} test ({data.Count} examples, {realTokens} real tokens), threads {torch.get_num_threads()}, " +
                          $"{iterations} timed runs after one warm-up, median reported");
        BenchReport.Text.WriteLine();
        BenchReport.Text.WriteLine("| batch size | batch order | time | examples/s | real tokens/s | padded tokens | padding share |");
        BenchReport.Text.WriteLine("|---|---|---|---|---|---|---|");
        TaskEvaluation.Evaluate(model, data, batchSizes[^1]);
        foreach (var batchSize in batchSizes)
            foreach (var order in batchSize == 1 ? [BatchOrder.Input] : new[] { BatchOrder.Input, BatchOrder.ByLength })
            {
                var ordered = order == BatchOrder.Input ? lengths : lengths.Order().ToArray();
                var padded = ordered.Chunk(batchSize).Sum(c => c.Length * c.Max());
                var times = Enumerable.Range(0, iterations).Select(_ =>
                {
                    var clock = Stopwatch.StartNew();
                    TaskEvaluation.Evaluate(model, data, batchSize, order: order);
                    return clock.Elapsed.TotalSeconds;
                }).Order().ToArray();
                var seconds = times[times.Length / 2];
                BenchReport.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {batchSize} | {order} | {seconds:F2} s | {data.Count / seconds:F0} | {realTokens / seconds:F0} | {padded} | {1 - (double)realTokens / padded:P0} |"));
            }
        return 0;
    }
}
