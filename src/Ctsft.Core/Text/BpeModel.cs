using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Ctsft.Text;

/// <summary>
/// Hugging Face's BPE model on Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>, which merges the pairs
/// of a word by rank as Hugging Face does. It is fed words already split and byte-mapped, so its own
/// pre-tokenizer and normalizer are bypassed. Results are cached per word.
/// </summary>
public sealed class BpeModel : ITokenModel
{
    private const int CacheCapacity = 200_000;

    private readonly Vocabulary vocabulary;
    private readonly BpeTokenizer bpe;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    public BpeModel(IReadOnlyDictionary<string, int> vocabulary, IEnumerable<(string Left, string Right)> merges,
        bool ignoreMerges = false, string? unknownToken = null, string? continuingSubwordPrefix = null,
        string? endOfWordSuffix = null, bool fuseUnknownTokens = false)
    {
        this.vocabulary = new Vocabulary(vocabulary);
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

    public void Encode(string word, List<int> ids)
    {
        if (word.Length == 0)
            return;
        if (cache.TryGetValue(word, out var cached))
        {
            ids.AddRange(cached);
            return;
        }
        int[] encoded = IgnoreMerges && vocabulary.TokenToId(word) is { } whole
            ? [whole]
            : bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false).ToArray();
        if (cache.Count < CacheCapacity)
            cache.TryAdd(word, encoded);
        ids.AddRange(encoded);
    }

    public int? TokenToId(string token) => vocabulary.TokenToId(token);

    public string? IdToToken(int id) => vocabulary.IdToToken(id);
}
