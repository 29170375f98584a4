namespace Ctsft.Text;

/// <summary>The WhitespaceSplit pre-tokenizer: words are the runs of non-whitespace characters.</summary>
public sealed class WhitespaceSplitPreTokenizer : IPreTokenizer
{
    public IEnumerable<string> Split(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
