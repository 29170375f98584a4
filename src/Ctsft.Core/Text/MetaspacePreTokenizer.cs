namespace Ctsft.Text;

/// <summary>
/// Hugging Face's Metaspace pre-tokenizer (SentencePiece's whitespace handling): every space becomes the
/// replacement character (<c>▁</c>), which is put in front of the piece as <see cref="PrependScheme"/>
/// says unless the piece already starts with it; with <see cref="SplitWords"/> the piece is then cut before
/// every replacement character.
/// </summary>
public sealed class MetaspacePreTokenizer(char replacement, MetaspacePrependScheme prependScheme, bool splitWords) : IPreTokenizer
{
    public char Replacement { get; } = replacement;
    public MetaspacePrependScheme PrependScheme { get; } = prependScheme;
    public bool SplitWords { get; } = splitWords;

    public IEnumerable<string> Split(string text) => Split(text, startsText: true);

    public IEnumerable<string> Split(string text, bool startsText)
    {
        if (text.Length == 0)
            return [];
        text = text.Replace(' ', Replacement);
        var prepend = PrependScheme == MetaspacePrependScheme.Always || PrependScheme == MetaspacePrependScheme.First && startsText;
        if (prepend && text[0] != Replacement)
            text = Replacement + text;
        if (!SplitWords)
            return [text];
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] != Replacement)
                continue;
            words.Add(text[start..i]);
            start = i;
        }
        words.Add(text[start..]);
        return words;
    }
}
