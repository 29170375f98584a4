namespace Ctsft.Evaluation;

/// <summary>How many of the examples have been scored.</summary>
public readonly record struct EvaluationProgress(int Done, int Total);
