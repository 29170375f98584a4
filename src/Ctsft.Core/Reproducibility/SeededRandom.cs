using System.Text;

namespace Ctsft.Reproducibility;

/// <summary>
/// The project's one random generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014; constants as in Vigna's reference <c>splitmix64.c</c>). Every output is
/// defined by this file alone, never by <see cref="System.Random"/>, so results do not change with the .NET
/// version.
/// <list type="bullet">
/// <item><c>NextUInt64</c>: state += 0x9E3779B97F4A7C15, then the SplitMix64 finaliser of the state.</item>
/// <item><c>NextInt(n)</c>: rejection sampling on 64-bit outputs (no modulo bias).</item>
/// <item><c>NextDouble</c>: the top 53 bits times 2^-53, in [0, 1).</item>
/// <item><c>Shuffle</c> / <c>Permutation</c>: forward Fisher-Yates (position i swaps with i + NextInt(n - i)),
/// so <c>Sample(n, k)</c> is exactly the first k entries of <c>Permutation(n)</c> for the same seed.</item>
/// <item>Sub-seeds: <see cref="DeriveSeed"/> = finaliser(seed XOR finaliser(FNV-1a-64 of the UTF-8 purpose)),
/// one named purpose per use (see <see cref="SeedPurposes"/>).</item>
/// </list>
/// </summary>
public sealed class SeededRandom
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15;
    private ulong _state;

    public SeededRandom(ulong seed)
    {
        Seed = seed;
        _state = seed;
    }

    /// <summary>The seed this generator started from.</summary>
    public ulong Seed { get; }

    /// <summary>A generator for one purpose, independent of the generators for other purposes.</summary>
    public static SeededRandom For(ulong seed, string purpose) => new(DeriveSeed(seed, purpose));

    public static ulong DeriveSeed(ulong seed, string purpose) => Mix(seed ^ Mix(Fnv1a64(purpose)));

    public ulong NextUInt64()
    {
        _state += GoldenGamma;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, exclusiveMax).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var n = (ulong)exclusiveMax;
        var threshold = (0UL - n) % n; // 2^64 mod n: outputs below it would favour small values
        while (true)
        {
            var r = NextUInt64();
            if (r >= threshold)
                return (int)(r % n);
        }
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = 0; i < items.Count - 1; i++)
        {
            var j = i + NextInt(items.Count - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A uniformly random ordering of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        Shuffle(order);
        return order;
    }

    /// <summary>k distinct indices of 0..n-1, in draw order; equal to the first k of <see cref="Permutation"/>.</summary>
    public int[] Sample(int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < k && i < n - 1; i++)
        {
            var j = i + NextInt(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order[..k];
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a64(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 0x100000001B3UL;
        return hash;
    }
}
