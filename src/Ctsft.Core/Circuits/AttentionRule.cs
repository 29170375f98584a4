namespace Ctsft.Circuits;

/// <summary>
/// How attention splits its output (method.md 5.3). <see cref="Eq11"/> (CD-T eq. 11, the default): the relevant
/// pattern softmax(q_beta k_beta^T / sqrt(d) + mask) carries beta_v, gamma takes the rest of the ordinary z.
/// <see cref="Frozen"/>: the ordinary pattern carries each part of v.
/// </summary>
public enum AttentionRule { Eq11, Frozen }
