using Ctsft.Reproducibility;

namespace Ctsft.Data.Protocol;

/// <summary>
/// Nested n-example samples from a pool: one seeded permutation of the pool's ids (canonical order first),
/// and the sample of size n is its first n entries, so the 25 are inside the 50, inside the 75, and so on.
/// </summary>
public sealed record NestedSample(string PoolName, ulong Seed, string Purpose, IReadOnlyList<string> OrderedIds)
{
    public static NestedSample Draw(IEnumerable<string> poolIds, ulong seed, string purpose, string poolName)
    {
        var ids = ExampleIdOrder.Sorted(poolIds);
        var order = SeededRandom.For(seed, purpose).Permutation(ids.Length);
        return new NestedSample(poolName, seed, purpose, order.Select(i => ids[i]).ToArray());
    }

    /// <summary>Pool B's nested samples for stage 2.</summary>
    public static NestedSample FromPoolB(PoolSplit split, ulong seed) =>
        Draw(split.PoolBIds, seed, SeedPurposes.PoolBSample, "Pool B");

    /// <summary>Pool A's nested samples for stage 1.</summary>
    public static NestedSample FromPoolA(PoolSplit split, ulong seed) =>
        Draw(split.PoolAIds, seed, SeedPurposes.PoolASample, "Pool A");

    public int PoolSize => OrderedIds.Count;

    /// <summary>The first <paramref name="n"/> ids of the permutation.</summary>
    public IReadOnlyList<string> Take(int n)
    {
        if (n <= 0 || n > PoolSize)
            throw new BadInputException($"n = {n} is not possible: {PoolName} has {PoolSize} examples");
        return OrderedIds.Take(n).ToArray();
    }

    public Dataset Take(Dataset source, int n) => source.Select(Take(n), $"{source.Split}/{Slug}/n{n}");

    private string Slug => PoolName.ToLowerInvariant().Replace(' ', '-');
}
