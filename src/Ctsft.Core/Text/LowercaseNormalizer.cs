using System.Text;

namespace Ctsft.Text;

/// <summary>The Lowercase normalizer: each character lowercased on its own, as Rust's <c>char::to_lowercase</c>.</summary>
public sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            UnicodeText.AppendLowercase(builder, rune);
        return builder.ToString();
    }
}
