using System.Globalization;
using System.Text;

namespace Ctsft.Text;

/// <summary>Character classes and mappings as Hugging Face's Rust tokenizers define them.</summary>
internal static class UnicodeText
{
    /// <summary>Rust's <c>char::is_whitespace</c> (the Unicode White_Space property).</summary>
    public static bool IsWhitespace(Rune rune) => Rune.IsWhiteSpace(rune);

    /// <summary>BERT's control characters: Unicode "other" categories except tab, newline and carriage return.</summary>
    public static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
            return false;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>BERT's punctuation: ASCII punctuation (which includes <c>$ + &lt; = &gt; ^ ` | ~</c>) or a Unicode P* category.</summary>
    public static bool IsBertPunctuation(Rune rune)
    {
        var v = rune.Value;
        if (v < 128)
            return v is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK ideograph blocks that BERT surrounds with spaces.</summary>
    public static bool IsChineseCharacter(Rune rune) => rune.Value is
        >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
        or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B920 and <= 0x2CEAF
        or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    public static bool IsNonSpacingMark(Rune rune) => Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark;

    /// <summary>
    /// Rust's per-character <c>char::to_lowercase</c>: the simple mapping, except U+0130 (İ), whose full
    /// mapping is "i" + U+0307. No context rules (final Σ becomes σ).
    /// </summary>
    public static void AppendLowercase(StringBuilder builder, Rune rune)
    {
        if (rune.Value == 0x130)
            builder.Append("i\u0307");
        else
            builder.AppendRune(Rune.ToLowerInvariant(rune));
    }

    public static StringBuilder AppendRune(this StringBuilder builder, Rune rune)
    {
        if (rune.IsBmp)
            return builder.Append((char)rune.Value);
        Span<char> pair = stackalloc char[2];
        rune.EncodeToUtf16(pair);
        return builder.Append(pair);
    }
}
