using Ctsft.Text;

namespace Ctsft.Tests.Text;

public class TruncationTests
{
    [Theory]
    [InlineData(3, 4, 10, 3, 4)]   // fits: unchanged
    [InlineData(3, 10, 8, 3, 5)]   // the longer second text gives way
    [InlineData(10, 3, 8, 5, 3)]   // the longer first text gives way
    [InlineData(6, 6, 8, 4, 4)]    // both long: halves
    [InlineData(6, 6, 7, 3, 4)]    // odd budget: the extra token goes to the second
    [InlineData(20, 0, 5, 5, 0)]   // single text
    public void Longest_first_matches_Hugging_Face(int first, int second, int budget, int keepFirst, int keepSecond)
    {
        Assert.Equal((keepFirst, keepSecond), Truncation.LongestFirst(first, second, budget));
    }
}
