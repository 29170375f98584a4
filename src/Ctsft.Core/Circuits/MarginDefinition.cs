namespace Ctsft.Circuits;

/// <summary>
/// The gold margin of margin-faithfulness (method.md 5.6 leaves it open) [decision]: the default is the gold label
/// logit minus the largest other label's logit (as the project's evaluation reports it); the alternative subtracts
/// the mean of the other labels' logits (the contrast of eq. 4).
/// </summary>
public enum MarginDefinition { MaxOfOthers, MeanOfOthers }
