namespace Ctsft.Data.Protocol;

/// <summary>
/// The n values of a run, parsed from an option like <c>25,50,75,100</c>; <c>all</c> stands for the whole
/// pool. Sizes are returned ascending and distinct.
/// </summary>
public static class SampleSizes
{
    public const string All = "all";

    public static IReadOnlyList<int> Parse(string text, int poolSize, string optionName = "n")
    {
        var sizes = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals(All, StringComparison.OrdinalIgnoreCase))
                sizes.Add(poolSize);
            else if (int.TryParse(part, out var n) && n > 0)
                sizes.Add(n);
            else
                throw new BadSettingException(optionName.TrimStart('-').Replace('-', '_'), $"{{{optionName.TrimStart('-').Replace('-', '_')}}}: '{part}' is not a positive whole number or '{All}'");
        }
        if (sizes.Count == 0)
            throw new BadSettingException(optionName.TrimStart('-').Replace('-', '_'), $"{{{optionName.TrimStart('-').Replace('-', '_')}}}: no sizes given in '{text}'");
        return sizes.ToArray();
    }
}
