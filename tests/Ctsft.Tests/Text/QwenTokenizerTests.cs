using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>What the decoder task layer relies on, with the real Qwen3 tokenizer.</summary>
public class QwenTokenizerTests
{
    private static HuggingFaceTokenizer Qwen => TokenizerFixtures.Qwen;

    [Theory]
    [InlineData("Saya suka film ini | sentiment:", " positive", 6785)]
    [InlineData("Saya suka film ini | sentiment:", " negative", 8225)]
    [InlineData("Premise: A man. Hypothesis: A person. Label:", " entail", 85992)]
    public void Prompt_ids_and_label_ids_concatenate_to_the_ids_of_the_whole_text(string prompt, string label, int labelId)
    {
        var promptIds = Qwen.Encode(prompt, addSpecialTokens: false).Ids;
        var labelIds = Qwen.Encode(label, addSpecialTokens: false).Ids;

        Assert.Equal([labelId], labelIds);
        Assert.Equal(promptIds.Append(labelId), Qwen.Encode(prompt + label, addSpecialTokens: false).Ids);
    }

    [Fact]
    public void Special_tokens_come_from_tokenizer_config()
    {
        Assert.Equal(151643, Qwen.PadTokenId);
        Assert.Equal(151645, Qwen.SpecialTokens.Eos);
        Assert.Null(Qwen.SpecialTokens.Bos);
        Assert.Null(Qwen.SpecialTokens.Cls);
    }

    [Fact]
    public void Vocabulary_size_counts_the_added_tokens()
    {
        Assert.Equal(151643 + Qwen.AddedTokens.Count, Qwen.VocabularySize);
        Assert.Equal("<|im_end|>", Qwen.IdToToken(151645));
        Assert.Equal(8225, Qwen.TokenToId("Ġnegative"));
    }

    [Fact]
    public void Decode_can_skip_special_tokens()
    {
        var ids = Qwen.Encode("hi<|endoftext|>!").Ids;

        Assert.Equal([6023, 151643, 0], ids);
        Assert.Equal("hi<|endoftext|>!", Qwen.Decode(ids));
        Assert.Equal("hi!", Qwen.Decode(ids, skipSpecialTokens: true));
    }
}
