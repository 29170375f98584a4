using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>Batching, truncation and padding with the bert-uncased fixture ([PAD]=0, [CLS]=101, [SEP]=102).</summary>
public class EncodeBatchTests
{
    private static HuggingFaceTokenizer Bert => TokenizerFixtures.BertUncased;

    private static long[] Row(long[,] values, int row) =>
        Enumerable.Range(0, values.GetLength(1)).Select(i => values[row, i]).ToArray();

    [Fact]
    public void Single_text_truncation_keeps_cls_the_first_pieces_and_sep()
    {
        var pieces = Bert.Encode("one two three four five six", addSpecialTokens: false).Ids;

        var batch = Bert.EncodeBatch(["one two three four five six"], options: new BatchEncodingOptions(MaxLength: 5));

        Assert.Equal(new long[] { 101, pieces[0], pieces[1], pieces[2], 102 }, Row(batch.InputIds, 0));
    }

    [Fact]
    public void Pair_truncation_is_longest_first()
    {
        var first = Bert.Encode("a b c d e f g h", addSpecialTokens: false).Ids;
        var second = Bert.Encode("x y", addSpecialTokens: false).Ids;

        var batch = Bert.EncodeBatch(["a b c d e f g h"], ["x y"], new BatchEncodingOptions(MaxLength: 9));

        // 9 - 3 special tokens = 6: the short second text keeps its 2, the first keeps 4.
        long[] expected = [101, .. first.Take(4).Select(i => (long)i), 102, .. second.Select(i => (long)i), 102];
        Assert.Equal(expected, Row(batch.InputIds, 0));
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 0, 1, 1, 1 }, Row(batch.TokenTypeIds, 0));
    }

    [Fact]
    public void Right_padding_to_the_longest_row_uses_the_pad_id_and_masks_it()
    {
        var batch = Bert.EncodeBatch(["hello world again", "hi"]);

        Assert.Equal(5, batch.Width);
        Assert.Equal(new[] { 5, 3 }, batch.Lengths);
        Assert.Equal(new long[] { 101, Bert.TokenToId("hi")!.Value, 102, 0, 0 }, Row(batch.InputIds, 1));
        Assert.Equal(new long[] { 1, 1, 1, 0, 0 }, Row(batch.AttentionMask, 1));
    }

    [Fact]
    public void Left_padding_to_max_length_puts_the_padding_first()
    {
        var batch = Bert.EncodeBatch(["hi"], options: new BatchEncodingOptions(MaxLength: 6, Padding: PaddingStrategy.MaxLength, PaddingSide: PaddingSide.Left));

        Assert.Equal(new long[] { 0, 0, 0, 101, Bert.TokenToId("hi")!.Value, 102 }, Row(batch.InputIds, 0));
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 1 }, Row(batch.AttentionMask, 0));
    }

    [Fact]
    public void Without_special_tokens_nothing_is_added_and_truncation_uses_the_whole_length()
    {
        var batch = Bert.EncodeBatch(["one two three four"], options: new BatchEncodingOptions(MaxLength: 3, AddSpecialTokens: false));

        Assert.Equal(Bert.Encode("one two three", addSpecialTokens: false).Ids.Select(i => (long)i), Row(batch.InputIds, 0));
    }

    [Fact]
    public void Max_length_shorter_than_the_special_tokens_is_refused()
    {
        Assert.Throws<BadInputException>(() => Bert.EncodeBatch(["a"], ["b"], new BatchEncodingOptions(MaxLength: 2)));
    }
}
