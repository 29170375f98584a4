namespace Ctsft.Evaluation;

/// <summary>The metrics of an evaluation and every example's prediction, in the examples' order.</summary>
public sealed record EvaluationResult(IReadOnlyList<string> LabelNames, ClassificationMetrics Metrics, IReadOnlyList<Prediction> Predictions);
