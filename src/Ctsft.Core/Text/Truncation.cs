namespace Ctsft.Text;

/// <summary>Hugging Face's <c>longest_first</c> truncation: how many tokens of each sequence to keep.</summary>
public static class Truncation
{
    /// <summary>The kept lengths of a first and optional second sequence so that together they fit <paramref name="budget"/>.</summary>
    public static (int First, int Second) LongestFirst(int first, int second, int budget)
    {
        if (first + second <= budget)
            return (first, second);
        var swap = first > second;
        var (shorter, longer) = swap ? (second, first) : (first, second);
        longer = shorter > budget ? shorter : Math.Max(shorter, budget - shorter);
        if (shorter + longer > budget)
        {
            shorter = budget / 2;
            longer = shorter + budget % 2;
        }
        var (keepFirst, keepSecond) = swap ? (longer, shorter) : (shorter, longer);
        return (Math.Min(first, keepFirst), Math.Min(second, keepSecond));
    }
}
