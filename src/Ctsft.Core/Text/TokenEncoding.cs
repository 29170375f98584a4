namespace Ctsft.Text;

/// <summary>One encoded text (or pair): ids, their token strings and type ids (0 for the first text, 1 for the second where the template says so).</summary>
public sealed record TokenEncoding(IReadOnlyList<int> Ids, IReadOnlyList<string> Tokens, IReadOnlyList<int> TypeIds)
{
    public int Count => Ids.Count;
}
