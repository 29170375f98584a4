using System.Text.RegularExpressions;
using Ctsft.Text;

namespace Ctsft.Tests.Text;

public class CodePointRegexTests
{
    [Fact]
    public void Letters_outside_the_BMP_match_letter_classes_and_positions_map_back()
    {
        var regex = new CodePointRegex(new Regex(@"\p{L}+|\p{N}+"));
        const string text = "a\U00020000b 12\U0001D7CE";   // CJK Extension B letter; mathematical bold digit zero

        var matches = regex.Matches(text).Select(m => text.Substring(m.Start, m.Length)).ToArray();

        Assert.Equal(["a\U00020000b", "12\U0001D7CE"], matches);
    }

    [Fact]
    public void Emoji_stay_symbols()
    {
        var regex = new CodePointRegex(new Regex(@"\p{L}+"));

        Assert.Empty(regex.Matches("\U0001F642"));
    }

    private const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    [Theory]
    [InlineData("it'ſy", new[] { "it", "'ſ", "y" })]   // Oniguruma folds the long s to s in (?i:'s)
    [InlineData("I'LLama", new[] { "I", "'LL", "ama" })]
    [InlineData("a𝐀b 1234567", new[] { "a𝐀b", " ", "123", "456", "7" })]
    public void Llama3_pattern_splits_as_Hugging_Face(string text, string[] expected)
    {
        var regex = CodePointRegex.Create(Llama3Pattern);

        Assert.Equal(expected, regex.Matches(text).Select(m => text.Substring(m.Start, m.Length)));
    }

    [Fact]
    public void Case_sensitive_parts_do_not_fold_the_long_s()
    {
        Assert.Empty(CodePointRegex.Create("'s").Matches("'ſ"));
        Assert.Single(CodePointRegex.Create("(?i)'s").Matches("'ſ"));
    }
}
