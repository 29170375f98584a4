using Ctsft.Models;
using Ctsft.Reproducibility;

namespace Ctsft.Circuits;

/// <summary>
/// The comparison scopes of method.md 5.5 and 9: K = |C| heads each, never overlapping the circuit, from the
/// depth-0 scores [decision]. NearZero: the smallest |R|; Least: the lowest R (negative or not); Random: uniformly,
/// seeded (<see cref="SeedPurposes.RandomHeads"/>). If fewer than K heads are outside C, all of them. Ties go to the
/// lower flat index; lists are in selection order.
/// </summary>
public sealed record ComparisonSets(IReadOnlyList<HeadRef> NearZero, IReadOnlyList<HeadRef> Least, IReadOnlyList<HeadRef> Random, ulong Seed)
{
    public static ComparisonSets Build(double[,] depth0, HeadSet circuit, ulong seed)
    {
        var (layers, perLayer) = (depth0.GetLength(0), depth0.GetLength(1));
        var outside = Enumerable.Range(0, layers * perLayer).Select(i => HeadRef.FromFlatIndex(i, perLayer)).Where(h => !circuit.Contains(h)).ToArray();
        var k = Math.Min(circuit.Count, outside.Length);
        IReadOnlyList<HeadRef> By(Func<HeadRef, double> key) =>
            outside.OrderBy(key).ThenBy(h => h.FlatIndex(perLayer)).Take(k).ToArray();
        var random = SeededRandom.For(seed, SeedPurposes.RandomHeads).Sample(outside.Length, k).Select(i => outside[i]).ToArray();
        return new ComparisonSets(By(h => Math.Abs(depth0[h.Layer, h.Head])), By(h => depth0[h.Layer, h.Head]), random, seed);
    }
}
