using Ctsft.Data;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Evaluation;

/// <summary>
/// Evaluates a task model on labelled examples: batched inference in eval mode without gradients (the
/// model's training mode is restored afterwards), then metrics and per-example predictions.
/// </summary>
public static class TaskEvaluation
{
    public const int DefaultBatchSize = 32;

    public static EvaluationResult Evaluate(TaskModel model, Dataset dataset, int batchSize = DefaultBatchSize,
        IProgress<EvaluationProgress>? progress = null, BatchOrder order = BatchOrder.ByLength, CancellationToken cancellation = default)
    {
        if (!dataset.LabelNames.SequenceEqual(model.Task.LabelNames))
            throw new BadInputException(
                $"{dataset.SourceFile}: the data's labels ({string.Join(", ", dataset.LabelNames)}) differ from task '{model.Task.Name}' ({string.Join(", ", model.Task.LabelNames)})");
        return Evaluate(model, dataset.Examples, batchSize, progress, order, cancellation);
    }

    public static EvaluationResult Evaluate(TaskModel model, IReadOnlyList<Example> examples, int batchSize = DefaultBatchSize,
        IProgress<EvaluationProgress>? progress = null, BatchOrder order = BatchOrder.ByLength, CancellationToken cancellation = default)
    {
        if (batchSize < 1) throw new BadSettingException("batch_size", $"{{batch_size}} must be at least 1, got {batchSize}");
        if (examples.Count == 0) throw new BadInputException("nothing to evaluate: there are no examples");
        var labels = model.Task.LabelNames;
        foreach (var example in examples.Where(e => (uint)e.Label >= (uint)labels.Count))
            throw new BadInputException($"example '{example.Id}' has label index {example.Label}; task '{model.Task.Name}' has {labels.Count} labels");

        var wasTraining = model.Model.training;
        try
        {
            using var scope = NewDisposeScope();
            var relay = progress is null ? null : new Relay(done => progress.Report(new EvaluationProgress(done, examples.Count)));
            var logits = order == BatchOrder.Input
                ? model.LabelLogits(examples, batchSize, relay, cancellation)
                : LabelLogitsByLength(model, examples, batchSize, relay, cancellation);
            return FromLogits(labels, examples, logits);
        }
        finally
        {
            if (wasTraining) model.Model.train();
        }
    }

    /// <summary>Label logits in the input order, computed over batches of examples sorted by prompt length (stable).</summary>
    private static Tensor LabelLogitsByLength(TaskModel model, IReadOnlyList<Example> examples, int batchSize, IProgress<int>? progress,
        CancellationToken cancellation)
    {
        var lengths = examples.Select(e => Math.Min(model.Readout.PromptTokenCount(e), model.Task.MaxLength)).ToArray();
        var sorted = Enumerable.Range(0, examples.Count).OrderBy(i => lengths[i]).ToArray();
        using var logits = model.LabelLogits(sorted.Select(i => examples[i]).ToArray(), batchSize, progress, cancellation);
        var inputOrder = new long[sorted.Length];
        for (var position = 0; position < sorted.Length; position++) inputOrder[sorted[position]] = position;
        using var index = tensor(inputOrder, device: logits.device);
        return logits.index_select(0, index);
    }

    /// <summary>Metrics and predictions from (examples, labels) label logits already computed.</summary>
    public static EvaluationResult FromLogits(IReadOnlyList<string> labels, IReadOnlyList<Example> examples, Tensor labelLogits)
    {
        using var scope = NewDisposeScope();
        var gold = examples.Select(e => (long)e.Label).ToArray();
        var margins = GoldMargin.Of(labelLogits, tensor(gold, device: labelLogits.device)).to(float64).cpu().data<double>().ToArray();
        var values = labelLogits.detach().cpu().to(float32).contiguous().data<float>().ToArray();
        var predictions = new Prediction[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            var row = values.AsSpan(i * labels.Count, labels.Count).ToArray();
            predictions[i] = Prediction.FromLogits(examples[i].Id, examples[i].Label, row, margins[i]);
        }
        var metrics = ClassificationMetrics.Compute(labels, examples.Select(e => e.Label).ToArray(),
            predictions.Select(p => p.Predicted).ToArray(), margins);
        return new EvaluationResult(labels, metrics, predictions);
    }

    private sealed class Relay(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
