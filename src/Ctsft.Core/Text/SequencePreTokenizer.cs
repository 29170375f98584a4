namespace Ctsft.Text;

/// <summary>The Sequence pre-tokenizer: each pre-tokenizer splits every piece the previous one produced.</summary>
public sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> preTokenizers) : IPreTokenizer
{
    public IReadOnlyList<IPreTokenizer> PreTokenizers { get; } = preTokenizers;

    public IEnumerable<string> Split(string text) => Split(text, startsText: true);

    public IEnumerable<string> Split(string text, bool startsText)
    {
        IEnumerable<string> pieces = [text];
        foreach (var preTokenizer in PreTokenizers)
            pieces = pieces.SelectMany((piece, index) => preTokenizer.Split(piece, startsText && index == 0)).ToList();
        return pieces;
    }
}
