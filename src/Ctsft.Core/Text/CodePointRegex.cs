using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ctsft.Text;

/// <summary>
/// A .NET regex that matches whole code points, as the Rust regex engines do. .NET matches UTF-16 units,
/// so a letter outside the BMP (CJK Extension B, math letters) is two surrogates and fails <c>\p{L}</c>.
/// Text with surrogate pairs is matched in a folded copy where each pair is one BMP stand-in character of
/// the same Unicode category, and match positions are mapped back.
/// </summary>
public sealed class CodePointRegex(Regex regex)
{
    private static readonly Dictionary<UnicodeCategory, char> standIns = FindStandIns();

    public Regex Regex { get; } = regex;

    /// <summary>A Hugging Face pattern compiled for .NET, its case-insensitive parts folding as Hugging Face's do.</summary>
    public static CodePointRegex Create(string pattern) =>
        new(new Regex(RegexCaseFolding.Apply(pattern), RegexOptions.Compiled | RegexOptions.CultureInvariant));

    /// <summary>The matches as (start, length) in <paramref name="text"/>, left to right.</summary>
    public IEnumerable<(int Start, int Length)> Matches(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            foreach (Match match in Regex.Matches(text))
                yield return (match.Index, match.Length);
            yield break;
        }
        var (folded, originalIndex) = Fold(text);
        foreach (Match match in Regex.Matches(folded))
        {
            var start = originalIndex[match.Index];
            yield return (start, originalIndex[match.Index + match.Length] - start);
        }
    }

    private static (string Folded, int[] OriginalIndex) Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var originalIndex = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length;)
        {
            originalIndex.Add(i);
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done
                && !rune.IsBmp)
                folded.Append(standIns[Rune.GetUnicodeCategory(rune)]);
            else
            {
                consumed = 1;
                folded.Append(text[i]);
            }
            i += consumed;
        }
        originalIndex.Add(text.Length);
        return (folded.ToString(), originalIndex.ToArray());
    }

    /// <summary>One BMP character of every category, taken from the top of the BMP, away from ASCII.</summary>
    private static Dictionary<UnicodeCategory, char> FindStandIns()
    {
        var found = new Dictionary<UnicodeCategory, char>();
        for (int c = 0xFFFF; c >= 0x100; c--)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
                continue;
            found.TryAdd(CharUnicodeInfo.GetUnicodeCategory((char)c), (char)c);
        }
        foreach (var category in Enum.GetValues<UnicodeCategory>())
            found.TryAdd(category, '\uFFFF');
        return found;
    }
}
