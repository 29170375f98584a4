namespace Ctsft.Text;

/// <summary>A tokenizer that gives exactly the ids Hugging Face's tokenizers give for the same files.</summary>
public interface ITokenizer
{
    /// <summary>One more than the largest id, added tokens included.</summary>
    int VocabularySize { get; }

    SpecialTokenIds SpecialTokens { get; }

    /// <summary>The padding id: <c>pad_token</c> of tokenizer_config.json, else tokenizer.json's padding; null if neither.</summary>
    int? PadTokenId => SpecialTokens.Pad;

    /// <summary>
    /// The id batches are padded with: the pad token, else the end-of-text token (Llama 3's files name no pad
    /// token; padded positions are masked, so the value never matters); null if the tokenizer has neither.
    /// </summary>
    int? PaddingTokenId => SpecialTokens.Pad ?? SpecialTokens.Eos;

    /// <summary>
    /// Encodes a text, or a pair, without truncation. Added tokens written in the text are matched even
    /// when <paramref name="addSpecialTokens"/> is false; that flag only controls the post-processor's
    /// tokens (<c>[CLS]</c>, <c>[SEP]</c>).
    /// </summary>
    TokenEncoding Encode(string text, string? pair = null, bool addSpecialTokens = true);

    /// <summary>Encodes texts (and pairs, one per text) into one padded, optionally truncated batch.</summary>
    TokenBatch EncodeBatch(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs = null, BatchEncodingOptions? options = null);

    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false);

    int? TokenToId(string token);

    string? IdToToken(int id);
}
