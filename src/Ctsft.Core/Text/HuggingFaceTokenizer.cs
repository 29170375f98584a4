namespace Ctsft.Text;

/// <summary>
/// Hugging Face's tokenizer pipeline: added tokens cut out of the raw text, normalizer, added tokens
/// marked as normalized cut out of the normalized text, pre-tokenizer, model per word, post-processor.
/// Build it with <see cref="TokenizerLoader"/>.
/// </summary>
public sealed class HuggingFaceTokenizer : ITokenizer
{
    private readonly AddedTokenMatcher rawAddedTokens;
    private readonly AddedTokenMatcher normalizedAddedTokens;
    private readonly Dictionary<int, AddedToken> addedTokenOfId;
    private readonly Dictionary<string, AddedToken> addedTokenOfContent;

    public HuggingFaceTokenizer(string source, ITokenModel model, INormalizer? normalizer, IPreTokenizer? preTokenizer,
        TemplatePostProcessor postProcessor, ITokenDecoder decoder, IReadOnlyList<AddedToken> addedTokens,
        Func<HuggingFaceTokenizer, SpecialTokenIds> specialTokens)
    {
        Source = source;
        Model = model;
        Normalizer = normalizer;
        PreTokenizer = preTokenizer;
        PostProcessor = postProcessor;
        Decoder = decoder;
        AddedTokens = addedTokens;
        rawAddedTokens = new AddedTokenMatcher(addedTokens.Where(t => !t.Normalized));
        normalizedAddedTokens = new AddedTokenMatcher(addedTokens.Where(t => t.Normalized));
        addedTokenOfId = addedTokens.GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.Last());
        addedTokenOfContent = addedTokens.GroupBy(t => t.Content, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        VocabularySize = Math.Max(model.VocabularySize, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
        SpecialTokens = specialTokens(this);
    }

    /// <summary>The file or folder the tokenizer was read from, for messages.</summary>
    public string Source { get; }
    public ITokenModel Model { get; }
    public INormalizer? Normalizer { get; }
    public IPreTokenizer? PreTokenizer { get; }
    public TemplatePostProcessor PostProcessor { get; }
    public ITokenDecoder Decoder { get; }
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    public int VocabularySize { get; }
    public SpecialTokenIds SpecialTokens { get; }
    public int? PadTokenId => SpecialTokens.Pad;

    public int? PaddingTokenId => SpecialTokens.Pad ?? SpecialTokens.Eos;

    public TokenEncoding Encode(string text, string? pair = null, bool addSpecialTokens = true) =>
        Finish(EncodeSequence(text), pair is null ? null : EncodeSequence(pair), addSpecialTokens);

    public TokenBatch EncodeBatch(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs = null, BatchEncodingOptions? options = null)
    {
        options ??= new BatchEncodingOptions();
        if (pairs is not null && pairs.Count != texts.Count)
            throw new ArgumentException($"{texts.Count} texts but {pairs.Count} pairs", nameof(pairs));
        var rows = new TokenEncoding[texts.Count];
        for (var i = 0; i < texts.Count; i++)
            rows[i] = EncodeTruncated(texts[i], pairs?[i], options);
        return BatchPadding.Pad(rows, options, PaddingTokenId, Source);
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            if (skipSpecialTokens && addedTokenOfId.TryGetValue(id, out var added) && added.Special)
                continue;
            if (IdToToken(id) is { } token)
                tokens.Add(token);
        }
        return Decoder.Decode(tokens);
    }

    public int? TokenToId(string token) =>
        addedTokenOfContent.TryGetValue(token, out var added) ? added.Id : Model.TokenToId(token);

    public string? IdToToken(int id) =>
        addedTokenOfId.TryGetValue(id, out var added) ? added.Content : Model.IdToToken(id);

    private TokenEncoding EncodeTruncated(string text, string? pair, BatchEncodingOptions options)
    {
        var first = EncodeSequence(text);
        var second = pair is null ? null : EncodeSequence(pair);
        if (options is { Truncation: true, MaxLength: { } maxLength })
        {
            var budget = maxLength - (options.AddSpecialTokens ? PostProcessor.AddedTokenCount(second is not null) : 0);
            if (budget < 0)
                throw new BadInputException($"max length {maxLength} is shorter than the {maxLength - budget} special tokens that {Source} adds");
            var (keepFirst, keepSecond) = Truncation.LongestFirst(first.Count, second?.Count ?? 0, budget);
            first.RemoveRange(keepFirst, first.Count - keepFirst);
            second?.RemoveRange(keepSecond, second.Count - keepSecond);
        }
        return Finish(first, second, options.AddSpecialTokens);
    }

    private TokenEncoding Finish(List<int> first, List<int>? second, bool addSpecialTokens)
    {
        var (ids, typeIds) = PostProcessor.Apply(first, second, addSpecialTokens);
        var tokens = ids.Select(id => IdToToken(id) ?? "").ToArray();
        return new TokenEncoding(ids, tokens, typeIds);
    }

    private List<int> EncodeSequence(string text)
    {
        var ids = new List<int>();
        var startsText = true;
        foreach (var (raw, rawId) in rawAddedTokens.Split(text))
        {
            if (rawId is { } id)
            {
                ids.Add(id);
                startsText = false;
                continue;
            }
            var normalized = Normalizer?.Normalize(raw) ?? raw;
            foreach (var (piece, pieceId) in normalizedAddedTokens.Split(normalized))
            {
                if (pieceId is { } normalizedId)
                    ids.Add(normalizedId);
                else
                    foreach (var word in PreTokenizer?.Split(piece, startsText) ?? [piece])
                        Model.Encode(word, ids);
                startsText = false;
            }
        }
        return ids;
    }
}
