namespace Ctsft.Text;

/// <summary>Hugging Face's Split pre-tokenizer: cut the text at the matches of a pattern, handling the matches by <see cref="Behavior"/>.</summary>
public sealed class SplitPreTokenizer(CodePointRegex pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public CodePointRegex Pattern { get; } = pattern;
    public SplitBehavior Behavior { get; } = behavior;
    public bool Invert { get; } = invert;

    public IEnumerable<string> Split(string text)
    {
        var pieces = new List<(int Start, int End, bool IsDelimiter)>();
        var position = 0;
        foreach (var (start, length) in Pattern.Matches(text))
        {
            if (start > position)
                pieces.Add((position, start, Invert));
            pieces.Add((start, start + length, !Invert));
            position = start + length;
        }
        if (position < text.Length)
            pieces.Add((position, text.Length, Invert));
        return Apply(pieces)
            .Where(piece => piece.End > piece.Start)
            .Select(piece => text[piece.Start..piece.End])
            .ToList();
    }

    private List<(int Start, int End)> Apply(List<(int Start, int End, bool IsDelimiter)> pieces)
    {
        var result = new List<(int Start, int End)>();
        var previousWasDelimiter = false;
        switch (Behavior)
        {
            case SplitBehavior.Isolated:
                result.AddRange(pieces.Select(p => (p.Start, p.End)));
                break;
            case SplitBehavior.Removed:
                result.AddRange(pieces.Where(p => !p.IsDelimiter).Select(p => (p.Start, p.End)));
                break;
            case SplitBehavior.MergedWithPrevious:
                foreach (var piece in pieces)
                {
                    if (piece.IsDelimiter && !previousWasDelimiter && result.Count > 0)
                        result[^1] = (result[^1].Start, piece.End);
                    else
                        result.Add((piece.Start, piece.End));
                    previousWasDelimiter = piece.IsDelimiter;
                }
                break;
            case SplitBehavior.MergedWithNext:
                for (var i = pieces.Count - 1; i >= 0; i--)
                {
                    var piece = pieces[i];
                    if (piece.IsDelimiter && !previousWasDelimiter && result.Count > 0)
                        result[^1] = (piece.Start, result[^1].End);
                    else
                        result.Add((piece.Start, piece.End));
                    previousWasDelimiter = piece.IsDelimiter;
                }
                result.Reverse();
                break;
            case SplitBehavior.Contiguous:
                foreach (var piece in pieces)
                {
                    if (piece.IsDelimiter && previousWasDelimiter)
                        result[^1] = (result[^1].Start, piece.End);
                    else
                        result.Add((piece.Start, piece.End));
                    previousWasDelimiter = piece.IsDelimiter;
                }
                break;
        }
        return result;
    }
}
