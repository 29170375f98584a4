using Ctsft.Circuits;
using Ctsft.Models;

namespace Ctsft.Tests.Circuits;

/// <summary>Selection rules of method.md 5.5 and 9 on hand-made scores.</summary>
public class SelectionTests
{
    [Theory]
    [InlineData(0.02, 336, 6)]
    [InlineData(0.02, 72, 1)]
    [InlineData(0.02, 12, 1)]
    [InlineData(0.2, 12, 2)]
    [InlineData(0.25, 8, 2)]
    [InlineData(1.0, 8, 8)]
    [InlineData(0.29, 100, 29)]   // 0.29 x 100 = 28.999999999999996 in doubles
    [InlineData(0.07, 100, 7)]    // 7.000000000000001
    [InlineData(0.57, 100, 57)]   // 56.99999999999999
    [InlineData(0.0299, 100, 2)]  // a true fraction still rounds down
    public void Per_iteration_is_the_floor_of_p_times_heads_and_at_least_one(double ratio, int heads, int expected) =>
        Assert.Equal(expected, CircuitSelection.PerIterationFor(ratio, heads));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void A_ratio_outside_zero_to_one_is_refused(double ratio) =>
        Assert.Equal("ratio", Assert.Throws<BadSettingException>(() => CircuitSelection.PerIterationFor(ratio, 72)).Setting);

    [Fact]
    public void Comparison_sets_avoid_the_circuit_and_break_ties_by_flat_index()
    {
        var scores = new double[,] { { 0.5, -0.1, 0.1, -2.0 }, { 3.0, 0.1, -0.1, 0.0 } };
        var circuit = new HeadSet([new HeadRef(1, 0), new HeadRef(0, 0)]);
        var sets = ComparisonSets.Build(scores, circuit, seed: 7);
        Assert.Equal([new HeadRef(1, 3), new HeadRef(0, 1)], sets.NearZero);
        Assert.Equal([new HeadRef(0, 3), new HeadRef(0, 1)], sets.Least);
        Assert.Equal(2, sets.Random.Count);
        Assert.DoesNotContain(sets.Random, circuit.Contains);
        Assert.Equal(sets.Random, ComparisonSets.Build(scores, circuit, seed: 7).Random);
    }

    [Fact]
    public void Random_sets_differ_with_the_seed()
    {
        var scores = new double[6, 12];
        var circuit = new HeadSet([new HeadRef(5, 0), new HeadRef(5, 1), new HeadRef(5, 2)]);
        var draws = Enumerable.Range(0, 8).Select(s => string.Join(",", ComparisonSets.Build(scores, circuit, (ulong)s).Random)).Distinct().Count();
        Assert.True(draws > 1);
    }

    [Fact]
    public void When_fewer_heads_remain_outside_the_circuit_all_of_them_are_taken()
    {
        var scores = new double[,] { { 1, 2, 3 } };
        var sets = ComparisonSets.Build(scores, new HeadSet([new HeadRef(0, 0), new HeadRef(0, 1)]), 0);
        Assert.Equal([new HeadRef(0, 2)], sets.NearZero);
        Assert.Single(sets.Random);
    }
}
