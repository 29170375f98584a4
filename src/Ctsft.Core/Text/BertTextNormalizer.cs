using System.Text;

namespace Ctsft.Text;

/// <summary>
/// Hugging Face's BertNormalizer, in its order: drop NUL, U+FFFD and control characters and turn every
/// whitespace into a space; put spaces around CJK ideographs; strip accents (NFD, then drop non-spacing
/// marks); lowercase.
/// </summary>
public sealed record BertTextNormalizer(bool CleanText, bool HandleChineseChars, bool StripAccents, bool Lowercase)
    : INormalizer
{
    public string Normalize(string text)
    {
        if (CleanText || HandleChineseChars)
            text = CleanAndSpaceIdeographs(text);
        if (StripAccents)
            text = RemoveNonSpacingMarks(text.Normalize(NormalizationForm.FormD));
        if (Lowercase)
            text = new LowercaseNormalizer().Normalize(text);
        return text;
    }

    private string CleanAndSpaceIdeographs(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (CleanText)
            {
                if (rune.Value is 0 or 0xFFFD || UnicodeText.IsControl(rune))
                    continue;
                if (rune.Value is '\t' or '\n' or '\r' || UnicodeText.IsWhitespace(rune))
                {
                    builder.Append(' ');
                    continue;
                }
            }
            if (HandleChineseChars && UnicodeText.IsChineseCharacter(rune))
                builder.Append(' ').AppendRune(rune).Append(' ');
            else
                builder.AppendRune(rune);
        }
        return builder.ToString();
    }

    private static string RemoveNonSpacingMarks(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            if (!UnicodeText.IsNonSpacingMark(rune))
                builder.AppendRune(rune);
        return builder.ToString();
    }
}
