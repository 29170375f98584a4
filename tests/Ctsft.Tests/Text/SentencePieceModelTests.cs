using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>A folder with XLM-R's sentencepiece.bpe.model and no tokenizer.json, copied from the xlmr-unigram set.</summary>
public sealed class SentencePieceModelTests : IDisposable
{
    private const string ModelFile = "sentencepiece.bpe.model";
    private readonly string folder = Directory.CreateTempSubdirectory("ctsft-spm-").FullName;
    private static string Source => TokenizerFixtures.CaseFolder("xlmr-unigram");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void CopyModel(string? tokenizerConfig)
    {
        File.Copy(Path.Combine(Source, ModelFile), Path.Combine(folder, ModelFile));
        if (tokenizerConfig is not null)
            File.WriteAllText(Path.Combine(folder, TokenizerLoader.ConfigFile), tokenizerConfig);
    }

    [Fact]
    public void XLM_R_model_alone_is_converted_to_the_tokenizer_json_pipeline()
    {
        CopyModel(File.ReadAllText(Path.Combine(Source, TokenizerLoader.ConfigFile)));
        var reference = TokenizerFixtures.Load(Source, TokenizerLoader.TokenizerJsonFile);
        const string text = "Ｈａｌｏ  dunia…\tﬁlm <mask>. akhir ";

        var tokenizer = TokenizerLoader.FromFolder(folder);

        Assert.EndsWith(ModelFile, tokenizer.Source);
        Assert.Equal(reference.VocabularySize, tokenizer.VocabularySize);
        Assert.Equal(reference.SpecialTokens, tokenizer.SpecialTokens);
        Assert.Equal(reference.Encode(text, "kedua").Ids, tokenizer.Encode(text, "kedua").Ids);
    }

    [Theory]
    [InlineData("""{"tokenizer_class": "T5Tokenizer"}""", "'T5Tokenizer'")]
    [InlineData(null, "no tokenizer_class")]
    public void Other_SentencePiece_tokenizers_are_refused_naming_the_missing_tokenizer_json(string? config, string named)
    {
        CopyModel(config);

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromFolder(folder));

        Assert.Contains($"there is no {TokenizerLoader.TokenizerJsonFile}, only {ModelFile}", error.Message);
        Assert.Contains(folder, error.Message);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Corrupt_model_file_is_refused_naming_it()
    {
        File.WriteAllBytes(Path.Combine(folder, ModelFile), [0x0A, 0xFF, 0x01]);
        File.WriteAllText(Path.Combine(folder, TokenizerLoader.ConfigFile), """{"tokenizer_class": "XLMRobertaTokenizer"}""");

        var error = Assert.Throws<BadInputException>(() => TokenizerLoader.FromFolder(folder));

        Assert.Contains(Path.Combine(folder, ModelFile), error.Message);
    }
}
