using System.Text;
using Microsoft.ML.Tokenizers;

namespace Ctsft.Text;

/// <summary>
/// Hugging Face's WordPiece model on Microsoft.ML.Tokenizers' <see cref="WordPieceTokenizer"/>: greedy
/// longest match, continuation pieces prefixed with <c>##</c>, a whole word that cannot be matched or is
/// longer than <see cref="MaxInputCharsPerWord"/> characters becomes the unknown token. It is fed words
/// already normalized and split, so its own BERT normalizer and pre-tokenizer (which differ from Hugging
/// Face's) are bypassed.
/// </summary>
public sealed class WordPieceModel : ITokenModel
{
    private readonly Vocabulary vocabulary;
    private readonly WordPieceTokenizer wordPiece;
    private readonly int unknownId;

    public WordPieceModel(IReadOnlyDictionary<string, int> vocabulary, string unknownToken, string continuingSubwordPrefix,
        int maxInputCharsPerWord, string source)
    {
        this.vocabulary = new Vocabulary(vocabulary);
        if (this.vocabulary.TokenToId(unknownToken) is null)
            throw new BadInputException($"{source}: the WordPiece unknown token '{unknownToken}' is not in the vocabulary");
        var lines = this.vocabulary.AsVocabTxt()
            ?? throw new BadInputException($"{source}: the WordPiece vocabulary ids are not contiguous from 0 to {this.vocabulary.Size - 1}");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(lines));
        wordPiece = WordPieceTokenizer.Create(stream, new WordPieceOptions
        {
            UnknownToken = unknownToken,
            ContinuingSubwordPrefix = continuingSubwordPrefix,
            // Hugging Face counts characters, Microsoft.ML.Tokenizers UTF-16 units: the limit is checked in
            // Encode, and the library's is set so that it never refuses a word within the limit.
            MaxInputCharsPerWord = 2 * maxInputCharsPerWord,
        });
        unknownId = this.vocabulary.TokenToId(unknownToken)!.Value;
        UnknownToken = unknownToken;
        ContinuingSubwordPrefix = continuingSubwordPrefix;
        MaxInputCharsPerWord = maxInputCharsPerWord;
    }

    public string UnknownToken { get; }
    public string ContinuingSubwordPrefix { get; }
    public int MaxInputCharsPerWord { get; }

    public int VocabularySize => vocabulary.Size;

    public IReadOnlyDictionary<string, int> Tokens => vocabulary.Tokens;

    public void Encode(string word, List<int> ids)
    {
        if (word.Length == 0)
            return;
        if (word.Length > MaxInputCharsPerWord && word.EnumerateRunes().Count() > MaxInputCharsPerWord)
            ids.Add(unknownId);
        else
            ids.AddRange(wordPiece.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
    }

    public int? TokenToId(string token) => vocabulary.TokenToId(token);

    public string? IdToToken(int id) => vocabulary.IdToToken(id);
}
