using System.Globalization;
using System.Text;

namespace Ctsft.Text;

/// <summary>
/// The Precompiled normalizer (SentencePiece's charsmap, e.g. nmt_nfkc in XLM-R) applied as Hugging Face
/// applies it, which is not SentencePiece's longest match: the text is cut into extended grapheme clusters;
/// a cluster shorter than 6 UTF-8 bytes that the map matches is replaced whole by its shortest match's
/// replacement; otherwise each of its characters is replaced by its own match, or kept.
/// </summary>
public sealed class PrecompiledNormalizer(PrecompiledCharsMap charsMap) : INormalizer
{
    private const int WholeClusterByteLimit = 6;

    public PrecompiledCharsMap CharsMap { get; } = charsMap;

    public string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        Span<byte> utf8 = stackalloc byte[4 * WholeClusterByteLimit];
        for (var start = 0; start < text.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(text, start);
            var cluster = text.AsSpan(start, length);
            start += length;
            if (Encoding.UTF8.GetByteCount(cluster) < WholeClusterByteLimit)
            {
                var written = Encoding.UTF8.GetBytes(cluster, utf8);
                if (CharsMap.ShortestMatch(utf8[..written]) is { } whole)
                {
                    builder.Append(whole);
                    continue;
                }
            }
            foreach (var rune in cluster.ToString().EnumerateRunes())
            {
                var written = rune.EncodeToUtf8(utf8);
                if (CharsMap.ShortestMatch(utf8[..written]) is { } replacement)
                    builder.Append(replacement);
                else
                    builder.AppendRune(rune);
            }
        }
        return builder.ToString();
    }
}
