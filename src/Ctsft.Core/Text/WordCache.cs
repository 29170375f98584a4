using System.Collections.Concurrent;

namespace Ctsft.Text;

/// <summary>The ids of words a model has encoded, so a repeated word is encoded once (up to a fixed number of words).</summary>
internal sealed class WordCache(Func<string, int[]> encode)
{
    private const int Capacity = 200_000;

    private readonly ConcurrentDictionary<string, int[]> ids = new(StringComparer.Ordinal);

    public void AddIds(string word, List<int> into)
    {
        if (word.Length == 0)
            return;
        if (!ids.TryGetValue(word, out var encoded))
        {
            encoded = encode(word);
            if (ids.Count < Capacity)
                ids.TryAdd(word, encoded);
        }
        into.AddRange(encoded);
    }
}
