using System.Text;

namespace Ctsft.Text;

/// <summary>
/// The Metaspace decoder: the replacement character becomes a space, except in the first token, where it is
/// dropped (unless the prepend scheme is <c>never</c>); the tokens are then joined.
/// </summary>
public sealed class MetaspaceDecoder(char replacement, MetaspacePrependScheme prependScheme) : ITokenDecoder
{
    public char Replacement { get; } = replacement;
    public MetaspacePrependScheme PrependScheme { get; } = prependScheme;

    public string Decode(IReadOnlyList<string> tokens)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var dropReplacement = i == 0 && PrependScheme != MetaspacePrependScheme.Never;
            foreach (var c in tokens[i])
            {
                if (c != Replacement)
                    builder.Append(c);
                else if (!dropReplacement)
                    builder.Append(' ');
            }
        }
        return builder.ToString();
    }
}
