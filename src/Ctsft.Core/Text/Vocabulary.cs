namespace Ctsft.Text;

/// <summary>A token-to-id table and its inverse.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> idOfToken;
    private readonly string?[] tokenOfId;

    public Vocabulary(IReadOnlyDictionary<string, int> tokens)
    {
        idOfToken = new Dictionary<string, int>(tokens, StringComparer.Ordinal);
        tokenOfId = new string?[tokens.Count == 0 ? 0 : tokens.Values.Max() + 1];
        foreach (var (token, id) in tokens)
            tokenOfId[id] = token;
    }

    /// <summary>A vocabulary whose id i is <paramref name="tokenOfId"/>[i] even where a token appears twice (the later id wins for token to id).</summary>
    public Vocabulary(IReadOnlyDictionary<string, int> tokens, string?[] tokenOfId)
    {
        idOfToken = new Dictionary<string, int>(tokens, StringComparer.Ordinal);
        this.tokenOfId = tokenOfId;
    }

    public int Size => tokenOfId.Length;

    public IReadOnlyDictionary<string, int> Tokens => idOfToken;

    public int? TokenToId(string token) => idOfToken.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)tokenOfId.Length ? tokenOfId[id] : null;

    /// <summary>The tokens in id order, one a line, as vocab.txt holds them; null if an id in 0..Size-1 is missing.</summary>
    public string? AsVocabTxt() => tokenOfId.Any(t => t is null) ? null : string.Join('\n', tokenOfId);
}
