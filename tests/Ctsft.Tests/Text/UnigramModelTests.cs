using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>The Unigram rules that the fixture cases exercise only in passing, on small hand-made vocabularies.</summary>
public class UnigramModelTests
{
    private static int[] Encode(UnigramModel model, string word)
    {
        var ids = new List<int>();
        model.Encode(word, ids);
        return ids.ToArray();
    }

    [Fact]
    public void Best_path_maximises_the_sum_of_scores()
    {
        var model = new UnigramModel([("<unk>", 0), ("a", -1), ("b", -1), ("ab", -3), ("abb", -1.5)], 0, false, "test");

        Assert.Equal([1, 2], Encode(model, "ab"));     // -2 beats -3
        Assert.Equal([4], Encode(model, "abb"));       // -1.5 beats -3 and -4
    }

    [Fact]
    public void Exact_tie_keeps_the_path_whose_last_piece_starts_earliest()
    {
        // "000": 0+00 and 00+0 both score -2; the path ending at 3 is first offered from start 1 (0, 00).
        var model = new UnigramModel([("<unk>", 0), ("0", -1), ("00", -1)], 0, false, "test");

        Assert.Equal([1, 2], Encode(model, "000"));
    }

    [Fact]
    public void Consecutive_unknown_characters_become_one_unknown_token()
    {
        var model = new UnigramModel([("<unk>", 0), ("a", -1)], 0, false, "test");

        Assert.Equal([1, 0, 1, 0], Encode(model, "a\u13E3\u13B3a\U0001F642"));
    }

    [Fact]
    public void Byte_fallback_spells_an_unknown_stretch_in_byte_pieces()
    {
        var model = new UnigramModel([("<unk>", 0), ("a", -1), ("<0xC3>", -5), ("<0xA9>", -5)], 0, true, "test");

        Assert.Equal([1, 2, 3, 1], Encode(model, "aéa"));
        Assert.Equal([0], Encode(model, "ü"));         // 0xC3 0xBC: one byte has no piece, so <unk>
    }

    [Theory]
    [InlineData(-3.7, new[] { 1, 2, 3, 4 })]
    [InlineData(-3.8, new[] { 0, 5 })]
    public void Unknown_scores_ten_below_the_lowest_piece(double pieceScore, int[] expected)
    {
        // "abcde": ab c d e (4 x pieceScore) against an unknown "a" (lowest score -5, minus 10) then "bcde" (0), -15.
        var model = new UnigramModel(
            [("<unk>", 0), ("ab", pieceScore), ("c", pieceScore), ("d", pieceScore), ("e", pieceScore), ("bcde", 0), ("z", -5)],
            0, false, "test");

        Assert.Equal(expected, Encode(model, "abcde"));
    }
}
