using System.Text;

namespace Ctsft.Text;

/// <summary>The Replace normalizer: every match of a pattern (a literal string, or a regex matched on code points) replaced by a fixed text.</summary>
public sealed class ReplaceNormalizer : INormalizer
{
    private readonly string? literal;
    private readonly CodePointRegex? regex;

    private ReplaceNormalizer(string? literal, CodePointRegex? regex, string content)
    {
        this.literal = literal;
        this.regex = regex;
        Content = content;
    }

    public string Content { get; }

    public static ReplaceNormalizer OfString(string pattern, string content) => new(pattern, null, content);

    public static ReplaceNormalizer OfRegex(CodePointRegex pattern, string content) => new(null, pattern, content);

    public string Normalize(string text)
    {
        if (literal is not null)
            return literal.Length == 0 ? text : text.Replace(literal, Content, StringComparison.Ordinal);
        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, length) in regex!.Matches(text))
        {
            builder.Append(text, position, start - position).Append(Content);
            position = start + length;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }
}
