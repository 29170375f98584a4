namespace Ctsft.Text;

/// <summary>
/// Cuts text at the added tokens it contains, leftmost match first and the longest token at a position,
/// as Hugging Face's added vocabulary does. <c>lstrip</c>/<c>rstrip</c> tokens swallow the whitespace
/// beside them; <c>single_word</c> tokens match only between non-word characters.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> tokensByFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        tokensByFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public bool IsEmpty => tokensByFirstChar.Count == 0;

    /// <summary>The pieces of <paramref name="text"/> in order: plain text (Id null, never empty) or one added token.</summary>
    public List<(string Text, int? Id)> Split(string text)
    {
        var pieces = new List<(string Text, int? Id)>();
        if (IsEmpty)
        {
            pieces.Add((text, null));
            return pieces;
        }
        var plainStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!tokensByFirstChar.TryGetValue(text[i], out var candidates))
                continue;
            var token = candidates.FirstOrDefault(t => Matches(text, i, t));
            if (token is null)
                continue;
            var (start, end) = (i, i + token.Content.Length);
            if (token.LeftStrip)
                while (start > plainStart && char.IsWhiteSpace(text[start - 1])) start--;
            if (token.RightStrip)
                while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            if (start > plainStart)
                pieces.Add((text[plainStart..start], null));
            pieces.Add((token.Content, token.Id));
            plainStart = end;
            i = end - 1;
        }
        if (plainStart < text.Length)
            pieces.Add((text[plainStart..], null));
        return pieces;
    }

    private static bool Matches(string text, int position, AddedToken token)
    {
        if (string.CompareOrdinal(text, position, token.Content, 0, token.Content.Length) != 0)
            return false;
        if (!token.SingleWord)
            return true;
        var end = position + token.Content.Length;
        return (position == 0 || !IsWordChar(text[position - 1])) && (end == text.Length || !IsWordChar(text[end]));
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
