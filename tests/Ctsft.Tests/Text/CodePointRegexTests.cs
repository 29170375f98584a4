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
}
