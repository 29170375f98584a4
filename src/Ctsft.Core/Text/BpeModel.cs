using Microsoft.ML.Tokenizers;

namespace Ctsft.Text;

/// <summary>
/// Hugging Face's BPE model on Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>, which merges the pairs
/// of a word by rank as Hugging Face does. It is fed words already split and byte-mapped, so its own
/// pre-tokenizer and normalizer are bypassed. Results are cached per word.
/// </summary>
public sealed class BpeModel : ITokenModel
{
    private readonly Vocabulary vocabulary;
    private readonly BpeTokenizer bpe;
    private readonly WordCache cache;

    public BpeModel(IReadOnlyDictionary<string, int> vocabulary, IEnumerable<(string Left, string Right)> merges,
        bool ignoreMerges = false, string? unknownToken = null, string? continuingSubwordPrefix = null,
        string? endOfWordSuffix = null, bool fuseUnknownTokens = false)
    {
        this.vocabulary = new Vocabulary(vocabulary);
        cache = new WordCache(EncodeWord);
        IgnoreMerges = ignoreMerges;
        bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges.Select(m => m.Left + " " + m.Right),
            UnknownToken = unknownToken,
            ContinuingSubwordPrefix = string.IsNullOrEmpty(continuingSubwordPrefix) ? null : continuingSubwordPrefix,
            EndOfWordSuffix = string.IsNullOrEmpty(endOfWordSuffix) ? null : endOfWordSuffix,
            FuseUnknownTokens = fuseUnknownTokens,
        });
    }

    /// <summary>Whether a word that is itself in the vocabulary is taken whole, without merging (Llama 3 sets this).</summary>
    public bool IgnoreMerges { get; }

    public int VocabularySize => vocabulary.Size;

    public IReadOnlyDictionary<string, int> Tokens => vocabulary.Tokens;

    public void Encode(string word, List<int> ids) => cache.AddIds(word, ids);

    private int[] EncodeWord(string word) => IgnoreMerges && vocabulary.TokenToId(word) is { } whole
        ? [whole]
        : bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false).ToArray();

    public int? TokenToId(string token) => vocabulary.TokenToId(token);

    public string? IdToToken(int id) => vocabulary.IdToToken(id);
}
