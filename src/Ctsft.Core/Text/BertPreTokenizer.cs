using System.Text;

namespace Ctsft.Text;

/// <summary>Hugging Face's BertPreTokenizer: split on whitespace (dropped) and around each punctuation character (kept alone).</summary>
public sealed class BertPreTokenizer : IPreTokenizer
{
    public IEnumerable<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var isSpace = UnicodeText.IsWhitespace(rune);
            if (!isSpace && !UnicodeText.IsBertPunctuation(rune))
            {
                word.AppendRune(rune);
                continue;
            }
            Flush(word, words);
            if (!isSpace)
                words.Add(rune.ToString());
        }
        Flush(word, words);
        return words;
    }

    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length == 0)
            return;
        words.Add(word.ToString());
        word.Clear();
    }
}
