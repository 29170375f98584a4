using System.Collections;

namespace Ctsft.Models;

/// <summary>An immutable, sorted set of heads. Prints and parses as a comma-separated list (<c>L0H1,L2H3</c>).</summary>
public sealed class HeadSet : IReadOnlyCollection<HeadRef>, IEquatable<HeadSet>
{
    private readonly HeadRef[] _heads;

    public HeadSet(IEnumerable<HeadRef> heads) => _heads = heads.Distinct().Order().ToArray();

    public static HeadSet Empty { get; } = new([]);

    public int Count => _heads.Length;

    public bool Contains(HeadRef head) => Array.BinarySearch(_heads, head) >= 0;

    public IEnumerable<HeadRef> InLayer(int layer) => _heads.Where(h => h.Layer == layer);

    public HeadSet Union(IEnumerable<HeadRef> other) => new(_heads.Concat(other));

    public static HeadSet Parse(string text) =>
        new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(HeadRef.Parse));

    /// <summary>Checks that every head exists in a model of this shape; the message names the first that does not.</summary>
    public void Validate(int layers, int headsPerLayer)
    {
        foreach (var head in _heads)
            if (head.Layer < 0 || head.Layer >= layers || head.Head < 0 || head.Head >= headsPerLayer)
                throw new BadInputException(
                    $"head {head} is outside the model: it has layers 0..{layers - 1} with heads 0..{headsPerLayer - 1} each");
    }

    public IEnumerator<HeadRef> GetEnumerator() => ((IEnumerable<HeadRef>)_heads).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(HeadSet? other) => other is not null && _heads.SequenceEqual(other._heads);
    public override bool Equals(object? obj) => Equals(obj as HeadSet);
    public override int GetHashCode() => _heads.Aggregate(17, (hash, h) => hash * 31 + h.GetHashCode());
    public override string ToString() => string.Join(",", _heads);
}
