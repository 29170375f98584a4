namespace Ctsft.Text;

/// <summary>The WordPiece decoder: continuation pieces lose their prefix and join the previous token, others are separated by a space.</summary>
public sealed class WordPieceDecoder(string prefix, bool cleanup) : ITokenDecoder
{
    public string Decode(IReadOnlyList<string> tokens)
    {
        var parts = tokens.Select((token, i) =>
        {
            var part = i == 0 ? token : token.StartsWith(prefix, StringComparison.Ordinal) ? token[prefix.Length..] : " " + token;
            return cleanup ? CleanUp(part) : part;
        });
        return string.Concat(parts);
    }

    private static string CleanUp(string text) => text
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
        .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" do not", " don't").Replace(" 's", "'s")
        .Replace(" 've", "'ve").Replace(" 're", "'re");
}
