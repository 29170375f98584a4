using Ctsft.Circuits;
using Ctsft.Models;

namespace Ctsft.Tests.Circuits;

/// <summary>The golden selection runs (p = 0.02 and a p giving k = 2, max depth 2): every depth's targets, candidates and picks exactly, scores within tolerance, circuit, NearZero and Least exactly.</summary>
public class GoldenSelectionTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    [Theory, MemberData(nameof(Fixtures))]
    public void Selection_runs_match_the_reference(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var scores = circuit.Score(means, DecompositionOptions.Default);
        var config = circuit.Model.Config;
        var runs = circuit.Root.GetProperty("selection").EnumerateArray().ToArray();
        Assert.True(runs.Length >= 2, $"{fixture}: golden.json holds {runs.Length} selection runs; the fixtures README promises p = 0.02 and a p giving k = 2");
        var checkedDepths = 0;
        foreach (var run in runs)
        {
            var k = CircuitSelection.PerIterationFor(run.GetProperty("p").GetDouble(), config.TotalHeads);
            Assert.Equal(run.GetProperty("k_per_iteration").GetInt32(), k);
            var selection = CircuitSelection.Run(scores, k, run.GetProperty("max_depth").GetInt32());
            var depths = run.GetProperty("depths").EnumerateArray().ToArray();
            Assert.Equal(depths.Length, selection.Depths.Count);
            for (var d = 0; d < depths.Length; d++)
            {
                var (expected, actual) = (depths[d], selection.Depths[d]);
                Assert.Equal(expected.GetProperty("depth").GetInt32(), actual.Depth);
                Assert.Equal(Heads(expected.GetProperty("targets")), actual.Targets);
                Assert.Equal(Heads(expected.GetProperty("candidates")), actual.Candidates);
                Assert.Equal(Heads(expected.GetProperty("picked")), actual.Picked);
                GoldenCircuit.Close(GoldenCircuit.ToArray(expected.GetProperty("scores")), actual.Scores, d == 0 ? 1e-4 : 1e-5, $"{fixture} k={k} depth {d}");
                checkedDepths++;
            }
            Assert.NotEmpty(Heads(run.GetProperty("circuit")));
            Assert.Equal(new HeadSet(Heads(run.GetProperty("circuit"))), selection.Circuit);
            var comparison = ComparisonSets.Build(scores.Depth0Scores(), selection.Circuit, seed: 0);
            Assert.Equal(Heads(run.GetProperty("near_zero")), comparison.NearZero);
            Assert.Equal(Heads(run.GetProperty("least")), comparison.Least);
        }
        Assert.True(checkedDepths >= runs.Length, $"{fixture}: only {checkedDepths} depths were compared");
    }

    private static HeadRef[] Heads(System.Text.Json.JsonElement list) => list.EnumerateArray().Select(GoldenCircuit.Head).ToArray();
}
