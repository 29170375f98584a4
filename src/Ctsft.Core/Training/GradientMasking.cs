namespace Ctsft.Training;

/// <summary>
/// How a head scope trains its slices. <see cref="Slices"/>: each selected slice is its own small trainable
/// tensor beside the frozen weights (no weight gradient of a frozen matrix is computed). <see cref="Gradient"/>:
/// the paper's literal procedure, every attention projection computes its full weight gradient and the frozen
/// entries' gradients are zeroed after backward.
/// </summary>
public enum GradientMasking { Slices, Gradient }
