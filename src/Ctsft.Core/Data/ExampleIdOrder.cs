namespace Ctsft.Data;

/// <summary>
/// The canonical order of example ids: numerically when both are integers, otherwise ordinal. Protocol
/// steps order ids this way before drawing, so a draw depends only on the set of ids and the seed, never on
/// a file's row order.
/// </summary>
public sealed class ExampleIdOrder : IComparer<string>
{
    public static readonly ExampleIdOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (long.TryParse(x, out var a) && long.TryParse(y, out var b))
            return a != b ? a.CompareTo(b) : string.CompareOrdinal(x, y);
        return string.CompareOrdinal(x, y);
    }

    public static string[] Sorted(IEnumerable<string> ids) => ids.Order(Instance).ToArray();
}
