using System.Text.RegularExpressions;

namespace Ctsft.Text;

/// <summary>
/// Hugging Face's ByteLevel pre-tokenizer: optionally a leading space, optionally GPT-2's word split, then
/// every word rewritten as its UTF-8 bytes in <see cref="ByteLevelAlphabet"/> characters.
/// </summary>
public sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly SplitPreTokenizer gpt2Split =
        new(new CodePointRegex(new Regex(Gpt2Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant)), SplitBehavior.Isolated, invert: false);

    public bool AddPrefixSpace { get; } = addPrefixSpace;
    public bool UseRegex { get; } = useRegex;

    public IEnumerable<string> Split(string text)
    {
        if (AddPrefixSpace && !text.StartsWith(' '))
            text = " " + text;
        var words = UseRegex ? gpt2Split.Split(text) : [text];
        return words.Select(ByteLevelAlphabet.Encode).ToList();
    }
}
