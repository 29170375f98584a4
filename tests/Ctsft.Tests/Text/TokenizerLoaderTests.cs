using Ctsft.Text;

namespace Ctsft.Tests.Text;

public sealed class TokenizerLoaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ctsft-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private const string WordPieceModel =
        """{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "a": 1}}""";

    private string WriteTokenizerJson(string model, string normalizer = "null", string preTokenizer = "null")
    {
        var path = Path.Combine(folder, TokenizerLoader.TokenizerJsonFile);
        File.WriteAllText(path, $$"""
            {"version": "1.0", "added_tokens": [], "normalizer": {{normalizer}}, "pre_tokenizer": {{preTokenizer}},
             "post_processor": null, "decoder": null, "model": {{model}}}
            """);
        return path;
    }

    [Theory]
    [InlineData("WordLevel", """{"type": "WordLevel", "unk_token": "<unk>", "vocab": {"<unk>": 0}}""")]
    public void Other_model_kinds_are_refused_naming_the_kind_and_the_file(string kind, string model)
    {
        var path = WriteTokenizerJson(model);

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromFolder(folder));

        Assert.Contains($"'{kind}'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Unsupported_pre_tokenizer_is_refused_naming_it()
    {
        var path = WriteTokenizerJson(WordPieceModel, preTokenizer: """{"type": "Punctuation", "behavior": "Isolated"}""");

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("pre_tokenizer of type 'Punctuation'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Unsupported_normalizer_inside_a_sequence_is_refused_naming_it()
    {
        var path = WriteTokenizerJson(WordPieceModel, normalizer: """{"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Prepend", "prepend": "▁"}]}""");

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("normalizer of type 'Prepend'", error.Message);
    }

    [Fact]
    public void Byte_fallback_BPE_is_refused()
    {
        var path = WriteTokenizerJson("""{"type": "BPE", "byte_fallback": true, "vocab": {"a": 0}, "merges": []}""");

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("byte_fallback", error.Message);
    }

    [Fact]
    public void Folder_without_tokenizer_files_is_refused_listing_what_was_looked_for()
    {
        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromFolder(folder));

        Assert.Contains(folder, error.Message);
        Assert.Contains("vocab.json + merges.txt", error.Message);
    }

    [Fact]
    public void Missing_folder_is_refused()
    {
        var missing = Path.Combine(folder, "nope");

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromFolder(missing));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Config_pad_token_that_is_not_a_token_is_refused_naming_the_config()
    {
        WriteTokenizerJson(WordPieceModel);
        var config = Path.Combine(folder, TokenizerLoader.ConfigFile);
        File.WriteAllText(config, """{"pad_token": "<pad>"}""");

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromFolder(folder));

        Assert.Contains(config, error.Message);
        Assert.Contains("'<pad>'", error.Message);
    }

    [Fact]
    public void Malformed_merge_is_refused_naming_its_index()
    {
        var path = WriteTokenizerJson("""{"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b", "ab"]}""");

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromTokenizerJson(path));

        Assert.Contains("merge 1 'ab'", error.Message);
    }

    [Fact]
    public void Folder_prefers_tokenizer_json_over_vocab_txt()
    {
        WriteTokenizerJson(WordPieceModel);
        File.WriteAllLines(Path.Combine(folder, TokenizerLoader.BertVocabFile), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "b"]);

        var tokenizer = TokenizerLoader.FromFolder(folder);

        Assert.EndsWith(TokenizerLoader.TokenizerJsonFile, tokenizer.Source);
        Assert.Equal(1, tokenizer.TokenToId("a"));
    }

    [Fact]
    public void Bert_vocab_txt_folder_follows_do_lower_case_and_bert_special_tokens()
    {
        File.WriteAllLines(Path.Combine(folder, TokenizerLoader.BertVocabFile), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "Hello", "##s"]);
        File.WriteAllText(Path.Combine(folder, TokenizerLoader.ConfigFile), """{"do_lower_case": false}""");

        var tokenizer = TokenizerLoader.FromFolder(folder);

        Assert.Equal([2, 6, 7, 3], tokenizer.Encode("Hellos").Ids);
        Assert.Equal(new SpecialTokenIds(Pad: 0, Unknown: 1, Cls: 2, Sep: 3, Mask: 4), tokenizer.SpecialTokens);
    }

    [Fact]
    public void WordPiece_word_length_limit_counts_characters_not_UTF16_units()
    {
        // Three characters outside the BMP are six UTF-16 units; with a limit of 4 the word is still encoded.
        var path = WriteTokenizerJson("""
            {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 4,
             "vocab": {"[UNK]": 0, "𠀀": 1, "##𠀀": 2}}
            """);
        var tokenizer = TokenizerLoader.FromTokenizerJson(path);

        Assert.Equal([1, 2, 2], tokenizer.Encode("\U00020000\U00020000\U00020000").Ids);
        Assert.Equal([0], tokenizer.Encode("\U00020000\U00020000\U00020000\U00020000\U00020000").Ids);
    }
}
