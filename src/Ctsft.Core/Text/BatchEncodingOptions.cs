namespace Ctsft.Text;

/// <summary>
/// How <see cref="ITokenizer.EncodeBatch"/> shapes a batch. With <see cref="Truncation"/> and a
/// <see cref="MaxLength"/>, each row is cut to MaxLength tokens including special tokens, as Hugging
/// Face does (the end of a single text is cut; a pair loses tokens from its longer text first).
/// </summary>
public sealed record BatchEncodingOptions(
    int? MaxLength = null,
    bool Truncation = true,
    PaddingStrategy Padding = PaddingStrategy.Longest,
    PaddingSide PaddingSide = PaddingSide.Right,
    bool AddSpecialTokens = true);
