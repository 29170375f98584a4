using Ctsft.Text;

namespace Ctsft.Tests.Text;

public class BertTextNormalizerTests
{
    private static readonly BertTextNormalizer uncased = new(CleanText: true, HandleChineseChars: true, StripAccents: true, Lowercase: true);

    [Theory]
    [InlineData("\u0130stanbul", "istanbul")]            // İ lowercases to i + U+0307, whose mark strip-accents drops
    [InlineData("\u03A3\u039F\u03A3", "\u03C3\u03BF\u03C3")] // no final-sigma rule
    [InlineData("a\tb\r\nc\u00A0d", "a b  c d")]          // every whitespace becomes one space each
    [InlineData("a\u0000b\uFFFDc\u200Bd", "abcd")]        // NUL, U+FFFD and format characters are dropped
    [InlineData("ab\u535Ac", "ab \u535A c")]              // CJK ideographs are spaced
    [InlineData("cafe\u0301", "cafe")]
    public void Normalizes_as_Hugging_Face(string input, string expected)
    {
        Assert.Equal(expected, uncased.Normalize(input));
    }
}
