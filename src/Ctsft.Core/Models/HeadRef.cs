using System.Globalization;
using System.Text.RegularExpressions;

namespace Ctsft.Models;

/// <summary>
/// One attention head: a layer and a query head within it. Prints as <c>L3H7</c>; parses <c>L3H7</c> or <c>3.7</c>.
/// Under grouped-query attention several query heads share one key/value head; a head is always a query head.
/// </summary>
public readonly partial record struct HeadRef(int Layer, int Head) : IComparable<HeadRef>
{
    public int FlatIndex(int headsPerLayer) => Layer * headsPerLayer + Head;

    public static HeadRef FromFlatIndex(int index, int headsPerLayer) => new(index / headsPerLayer, index % headsPerLayer);

    public int CompareTo(HeadRef other) =>
        Layer != other.Layer ? Layer.CompareTo(other.Layer) : Head.CompareTo(other.Head);

    public override string ToString() => $"L{Layer}H{Head}";

    public static HeadRef Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            throw new BadInputException($"'{text}' is not a head: write L<layer>H<head> (L3H7) or <layer>.<head> (3.7)");
        return new HeadRef(
            int.Parse(match.Groups["layer"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["head"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?:[Ll](?<layer>\d+)[Hh](?<head>\d+)|(?<layer>\d+)\.(?<head>\d+))$")]
    private static partial Regex Pattern();
}
