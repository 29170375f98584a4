using Ctsft.Reproducibility;

namespace Ctsft.Data.Protocol;

/// <summary>
/// Options for the discovery set. The paper does not say whether it may share examples with the mean set;
/// the project's default keeps them disjoint, so heads are scored on examples their mean baseline was not
/// fitted on. <c>DisjointFromMeanSet = false</c> lets them overlap.
/// </summary>
public sealed record DiscoverySetOptions(int Size = DiscoverySet.DefaultSize, bool DisjointFromMeanSet = true);

/// <summary>
/// The discovery set (method.md 5.4): examples of Pool A the competence checkpoint predicts correctly, the
/// first <c>Size</c> such examples of a seeded permutation (<see cref="SeedPurposes.DiscoverySet"/>).
/// Not label-balanced.
/// </summary>
public sealed record DiscoverySet(Dataset Examples, bool DisjointFromMeanSet)
{
    public const int DefaultSize = 50;

    public static DiscoverySet Select(Dataset poolA, Func<Example, bool> isCorrect, ulong seed,
        MeanSet? meanSet = null, DiscoverySetOptions? options = null)
    {
        options ??= new DiscoverySetOptions();
        if (options.DisjointFromMeanSet && meanSet is null)
            throw new ArgumentException("a disjoint discovery set needs the mean set", nameof(meanSet));
        var excluded = options.DisjointFromMeanSet
            ? meanSet!.Examples.Ids.ToHashSet(StringComparer.Ordinal)
            : [];
        var candidates = MeanSet.PermutedPool(poolA, seed, SeedPurposes.DiscoverySet)
            .Where(e => isCorrect(e) && !excluded.Contains(e.Id))
            .ToArray();
        if (candidates.Length < options.Size)
        {
            var outside = options.DisjointFromMeanSet ? $" outside the mean set ({excluded.Count} examples)" : "";
            throw new BadInputException(
                $"{poolA.SourceFile}: the discovery set needs {options.Size} correctly predicted examples of {poolA.Describe()}{outside}, found only {candidates.Length}");
        }
        var chosen = candidates.Take(options.Size).Select(e => e.Id);
        return new DiscoverySet(poolA.Select(chosen, poolA.Split + "/discovery-set"), options.DisjointFromMeanSet);
    }
}
