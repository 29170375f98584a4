using Ctsft.Reproducibility;

namespace Ctsft.Data.Protocol;

/// <summary>
/// The split of the training rows into Pool A (stage 1, mean set, discovery set) and Pool B (stage-2
/// target examples), by example id, identical for every language (method.md 2). Ids are put in canonical
/// order, permuted with the split seed (<see cref="SeedPurposes.PoolSplit"/>); the first
/// <c>PoolBSize</c> go to Pool B, the next <c>PoolASize</c> to Pool A. Both lists are in canonical id order.
/// </summary>
public sealed record PoolSplit(ulong SplitSeed, IReadOnlyList<string> PoolAIds, IReadOnlyList<string> PoolBIds)
{
    public const int DefaultPoolASize = 400, DefaultPoolBSize = 100;

    /// <summary>
    /// Splits parallel training sets (verified to hold the same ids and labels). <paramref name="poolASize"/>
    /// null means every row not in Pool B.
    /// </summary>
    public static PoolSplit Create(IReadOnlyList<Dataset> parallelTrainSets, ulong splitSeed,
        int poolBSize = DefaultPoolBSize, int? poolASize = null)
    {
        ParallelDatasets.Ensure(parallelTrainSets);
        var reference = parallelTrainSets[0];
        var ids = ExampleIdOrder.Sorted(reference.Ids);
        var aSize = poolASize ?? ids.Length - poolBSize;
        if (poolBSize < 0 || aSize < 0 || poolBSize + aSize > ids.Length)
            throw new BadInputException(
                $"{reference.SourceFile}: Pool A ({aSize}) + Pool B ({poolBSize}) need {aSize + poolBSize} rows, the file has {ids.Length}");
        var order = SeededRandom.For(splitSeed, SeedPurposes.PoolSplit).Permutation(ids.Length);
        var poolB = order.Take(poolBSize).Order().Select(i => ids[i]).ToArray();
        var poolA = order.Skip(poolBSize).Take(aSize).Order().Select(i => ids[i]).ToArray();
        return new PoolSplit(splitSeed, poolA, poolB);
    }

    public static PoolSplit Create(Dataset train, ulong splitSeed, int poolBSize = DefaultPoolBSize, int? poolASize = null) =>
        Create([train], splitSeed, poolBSize, poolASize);

    public Dataset PoolA(Dataset train) => train.Select(PoolAIds, train.Split + "/pool-a");

    public Dataset PoolB(Dataset train) => train.Select(PoolBIds, train.Split + "/pool-b");
}
