using Ctsft.Reproducibility;

namespace Ctsft.Data.Protocol;

/// <summary>
/// The label-balanced mean set (method.md 5.2): examples of Pool A that the competence checkpoint predicts
/// correctly, as equal per class as the size allows (50 over 3 classes: 17, 17, 16, the extra ones going to
/// the lower label indices). A class with too few correct examples gives all it has and the shortfall is
/// spread over the other classes, so the set keeps its size when the pool allows; <see cref="FellBack"/>
/// records that, and <see cref="PerClassCounts"/> what was taken (the means are averaged per class anyway).
/// Within a class, examples are taken in the order of a seeded permutation (<see cref="SeedPurposes.MeanSet"/>).
/// </summary>
public sealed record MeanSet(
    Dataset Examples,
    IReadOnlyList<int> BalancedQuota,
    IReadOnlyList<int> PerClassCounts,
    IReadOnlyList<int> CorrectPerClass,
    bool FellBack)
{
    public const int DefaultSize = 50;

    public static MeanSet Select(Dataset poolA, Func<Example, bool> isCorrect, ulong seed, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var order = PermutedPool(poolA, seed, SeedPurposes.MeanSet);
        var correct = order.Where(isCorrect).ToArray();
        if (correct.Length == 0)
            throw new BadInputException(
                $"{poolA.SourceFile}: none of the {poolA.Count} examples of {poolA.Describe()} is predicted correctly; the mean set needs some");
        var classes = poolA.LabelNames.Count;
        var available = new int[classes];
        foreach (var example in correct)
            available[example.Label]++;
        var quota = Allocate(size, Enumerable.Repeat(int.MaxValue, classes).ToArray());
        var counts = Allocate(Math.Min(size, correct.Length), available);

        var taken = new int[classes];
        var chosen = correct.Where(e => taken[e.Label]++ < counts[e.Label]).Select(e => e.Id).ToArray();
        return new MeanSet(poolA.Select(chosen, poolA.Split + "/mean-set"), quota, counts, available,
            FellBack: !counts.SequenceEqual(quota));
    }

    /// <summary>Spreads <paramref name="total"/> over classes as evenly as their availability allows.</summary>
    internal static int[] Allocate(int total, IReadOnlyList<int> available)
    {
        var counts = new int[available.Count];
        var remaining = total;
        while (remaining > 0)
        {
            var open = Enumerable.Range(0, counts.Length).Where(c => counts[c] < available[c]).ToArray();
            if (open.Length == 0)
                break;
            var (share, extra) = Math.DivRem(remaining, open.Length);
            for (var k = 0; k < open.Length; k++)
            {
                var c = open[k];
                var give = Math.Min(share + (k < extra ? 1 : 0), available[c] - counts[c]);
                counts[c] += give;
                remaining -= give;
            }
        }
        return counts;
    }

    internal static Example[] PermutedPool(Dataset pool, ulong seed, string purpose)
    {
        var ids = ExampleIdOrder.Sorted(pool.Ids);
        return SeededRandom.For(seed, purpose).Permutation(ids.Length).Select(i => pool[ids[i]]).ToArray();
    }
}
