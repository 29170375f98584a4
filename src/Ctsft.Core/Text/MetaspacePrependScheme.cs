namespace Ctsft.Text;

/// <summary>When Metaspace puts its replacement character in front of a piece that does not start with it.</summary>
public enum MetaspacePrependScheme
{
    /// <summary>Every piece (old files: <c>add_prefix_space: true</c>).</summary>
    Always,

    /// <summary>Only the piece that starts the text, not one that follows an added token.</summary>
    First,

    /// <summary>No piece (old files: <c>add_prefix_space: false</c>).</summary>
    Never,
}
