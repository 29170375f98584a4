namespace Ctsft.Circuits;

/// <summary>
/// The gold margin of margin-faithfulness (method.md 5.6 leaves it open) [decision]: the default is the gold label
/// logit minus the mean of the other labels' logits (the contrast of eq. 4); the alternative subtracts the largest.
/// </summary>
public enum MarginDefinition { MeanOfOthers, MaxOfOthers }
