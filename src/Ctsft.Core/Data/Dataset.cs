using System.Collections.Frozen;

namespace Ctsft.Data;

/// <summary>
/// The examples of one split of one language, with where they came from: the source file and the
/// SHA-256 of its bytes (lower-case hex), so a run's manifest can name exactly the data it used.
/// Subsets keep the source and hash and name themselves in <see cref="Split"/> (e.g. <c>train/pool-b</c>).
/// </summary>
public sealed record Dataset(
    string Name,
    string Language,
    string Split,
    IReadOnlyList<string> LabelNames,
    IReadOnlyList<Example> Examples,
    string SourceFile,
    string ContentHash)
{
    private (IReadOnlyList<Example> Of, FrozenDictionary<string, int> Map)? _indexById;

    public int Count => Examples.Count;

    public IEnumerable<string> Ids => Examples.Select(e => e.Id);

    /// <summary>How many examples carry each label, in label order.</summary>
    public int[] LabelCounts()
    {
        var counts = new int[LabelNames.Count];
        foreach (var example in Examples)
            counts[example.Label]++;
        return counts;
    }

    public bool Contains(string id) => IndexById.ContainsKey(id);

    public Example this[string id] => IndexById.TryGetValue(id, out var index)
        ? Examples[index]
        : throw new BadInputException($"{SourceFile}: no example with id '{id}' in {Describe()}");

    /// <summary>The examples with these ids, in the order given, as a subset named <paramref name="split"/>.</summary>
    public Dataset Select(IEnumerable<string> ids, string split) =>
        this with { Split = split, Examples = ids.Select(id => this[id]).ToArray() };

    public string Describe() => $"{Name} {Language} {Split}";

    // Cached per examples list: a copy made with `with { Examples = ... }` must not reuse the original's index.
    private FrozenDictionary<string, int> IndexById
    {
        get
        {
            if (_indexById is not { } index || !ReferenceEquals(index.Of, Examples))
                _indexById = index = (Examples, Examples.Select((e, i) => KeyValuePair.Create(e.Id, i)).ToFrozenDictionary(StringComparer.Ordinal));
            return index.Map;
        }
    }
}
