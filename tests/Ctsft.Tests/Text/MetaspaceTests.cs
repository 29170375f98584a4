using Ctsft.Text;

namespace Ctsft.Tests.Text;

public class MetaspaceTests
{
    [Theory]
    [InlineData(MetaspacePrependScheme.Always, true, "hi there", new[] { "▁hi", "▁there" })]
    [InlineData(MetaspacePrependScheme.Always, false, "hi", new[] { "▁hi" })]
    [InlineData(MetaspacePrependScheme.First, true, "hi", new[] { "▁hi" })]
    [InlineData(MetaspacePrependScheme.First, false, "hi", new[] { "hi" })]
    [InlineData(MetaspacePrependScheme.Never, true, "hi there", new[] { "hi", "▁there" })]
    [InlineData(MetaspacePrependScheme.Always, true, " a  b ", new[] { "▁a", "▁", "▁b", "▁" })]
    public void Spaces_become_the_replacement_and_words_start_at_it(MetaspacePrependScheme scheme, bool startsText, string text, string[] expected)
    {
        var preTokenizer = new MetaspacePreTokenizer('▁', scheme, splitWords: true);

        Assert.Equal(expected, preTokenizer.Split(text, startsText));
    }

    [Fact]
    public void Without_split_the_piece_stays_whole()
    {
        Assert.Equal(["▁a▁b"], new MetaspacePreTokenizer('▁', MetaspacePrependScheme.Always, splitWords: false).Split("a b"));
    }

    [Theory]
    [InlineData(MetaspacePrependScheme.Always, "ab c")]
    [InlineData(MetaspacePrependScheme.Never, " ab c")]
    public void Decoder_drops_the_first_tokens_replacement_unless_never(MetaspacePrependScheme scheme, string expected)
    {
        Assert.Equal(expected, new MetaspaceDecoder('▁', scheme).Decode(["▁a", "b", "▁c"]));
    }
}
