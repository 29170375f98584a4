using Ctsft.Models;

namespace Ctsft.Tests.Models;

public class HeadRefTests
{
    [Theory]
    [InlineData("L3H7", 3, 7)]
    [InlineData("l0h12", 0, 12)]
    [InlineData("5.1", 5, 1)]
    [InlineData(" L10H0 ", 10, 0)]
    public void Parses_both_spellings(string text, int layer, int head) =>
        Assert.Equal(new HeadRef(layer, head), HeadRef.Parse(text));

    [Theory]
    [InlineData("3")]
    [InlineData("L3")]
    [InlineData("H3L1")]
    [InlineData("3.-1")]
    public void Refuses_what_is_not_a_head(string text)
    {
        var error = Assert.Throws<BadInputException>(() => HeadRef.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void Prints_as_layer_and_head() => Assert.Equal("L2H11", new HeadRef(2, 11).ToString());

    [Fact]
    public void Flat_index_is_layer_major() =>
        Assert.Equal(new HeadRef(2, 3), HeadRef.FromFlatIndex(new HeadRef(2, 3).FlatIndex(14), 14));

    [Fact]
    public void A_head_set_is_sorted_and_distinct()
    {
        var set = HeadSet.Parse("L2H1, 0.3,L2H1,L0H0");
        Assert.Equal("L0H0,L0H3,L2H1", set.ToString());
        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(new HeadRef(0, 3)));
        Assert.False(set.Contains(new HeadRef(1, 3)));
    }

    [Fact]
    public void A_head_set_names_a_head_outside_the_model()
    {
        var error = Assert.Throws<BadInputException>(() => HeadSet.Parse("L0H0,L6H2").Validate(layers: 6, headsPerLayer: 12));
        Assert.Contains("L6H2", error.Message);
        Assert.Contains("0..5", error.Message);
    }
}
