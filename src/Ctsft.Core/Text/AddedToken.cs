namespace Ctsft.Text;

/// <summary>
/// A token of a tokenizer's <c>added_tokens</c>: matched in the text before the model runs (on the raw
/// text, or on the normalized text when <see cref="Normalized"/>), even when special tokens are not added.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special = true, bool Normalized = false,
    bool SingleWord = false, bool LeftStrip = false, bool RightStrip = false);
