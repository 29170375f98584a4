using Ctsft.Circuits;
using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Tests.Circuits;

/// <summary>
/// Means, depth-0 and depth-1 scores of every fixture model against golden.json (an independent implementation
/// of method.md 5), within the fixtures README's float32 tolerances: means 1e-4 + 1e-4 relative, depth-0 scores and
/// beta logits 1e-4 absolute, depth-1 scores 1e-5 absolute; ids, positions and targets exactly.
/// </summary>
public class GoldenCircuitTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    [Theory, MemberData(nameof(Fixtures))]
    public void The_mean_and_discovery_sets_encode_to_the_reference_ids(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        foreach (var set in new[] { "mean_set", "discovery_set" })
        {
            var examples = set == "mean_set" ? circuit.MeanSet : circuit.DiscoverySet;
            var reference = circuit.Root.GetProperty(set).GetProperty("examples").EnumerateArray().ToArray();
            for (var i = 0; i < examples.Count; i++)
            {
                var encoded = circuit.Readout.Encode(examples[i]);
                Assert.Equal(Golden.Longs(reference[i].GetProperty("input_ids")), encoded.InputIds);
                Assert.Equal(reference[i].GetProperty("readout_position").GetInt32(), encoded.ReadoutPosition);
            }
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Label_balanced_means_match_the_reference(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var reference = circuit.Root.GetProperty("mean_set");
        TensorAssert.Close(Golden.Tensor(reference.GetProperty("mu_readout")), means.Readout, 1e-4, 1e-4, "mu_readout");
        TensorAssert.Close(Golden.Tensor(reference.GetProperty("mu_other")), means.Other, 1e-4, 1e-4, "mu_other");
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Task_directions_match_the_reference(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        TensorAssert.Close(Golden.Tensor(circuit.Root.GetProperty("v_task")), TaskDirection.For(circuit.Model, circuit.Readout), 1e-4, 1e-4, "v_task");
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Depth0_and_depth1_scores_match_the_reference_for_every_option_combination(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        foreach (var options in GoldenCircuit.AllOptions)
        {
            var suffix = GoldenCircuit.Suffix(options);
            var what = $"{fixture} {options}";
            var scores = circuit.Score(means, options);
            var depth0 = circuit.Root.GetProperty("depth0" + suffix);
            GoldenCircuit.Close(GoldenCircuit.ToArray(depth0.GetProperty("scores")), scores.Depth0Scores(), 1e-4, $"{what} depth-0 scores");
            var config = circuit.Model.Config;
            for (var e = 0; e < circuit.DiscoverySet.Count; e++)
                foreach (var head in config.AllHeads())
                {
                    Assert.True(Math.Abs(depth0.GetProperty("per_example")[e][head.Layer][head.Head].GetDouble() - scores.Depth0(e, head)) <= 1e-4,
                        $"{what} depth-0 example {e} {head}");
                    for (var c = 0; c < scores.Labels; c++)
                        Assert.True(Math.Abs(depth0.GetProperty("beta_label_logits")[e][head.Layer][head.Head][c].GetDouble() - scores.BetaLogit(e, head, c)) <= 1e-4,
                            $"{what} beta logit example {e} {head} label {c}");
                }

            var depth1 = circuit.Root.GetProperty("depth1" + suffix);
            var targets = depth1.GetProperty("targets").EnumerateArray().Select(GoldenCircuit.Head).ToArray();
            GoldenCircuit.Close(GoldenCircuit.ToArray(depth1.GetProperty("scores")), scores.TargetScores(targets), 1e-5, $"{what} depth-1 scores");
            for (var e = 0; e < circuit.DiscoverySet.Count; e++)
                foreach (var head in config.AllHeads())
                    for (var t = 0; t < targets.Length; t++)
                    {
                        var expected = depth1.GetProperty("per_example_per_target")[e][head.Layer][head.Head][t].GetDouble();
                        var actual = head.Layer < targets[t].Layer ? scores.TargetRelevance(e, head, targets[t]) : 0.0;
                        Assert.True(Math.Abs(expected - actual) <= 1e-5, $"{what} R({head}, {targets[t]}) example {e}: expected {expected:g8}, got {actual:g8}");
                    }
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void The_depth1_targets_are_the_top_two_depth0_heads(string fixture)
    {
        using var circuit = new GoldenCircuit(fixture);
        using var means = circuit.ComputeMeans();
        var scores = circuit.Score(means, DecompositionOptions.Default).Depth0Scores();
        var config = circuit.Model.Config;
        var top2 = config.AllHeads().OrderByDescending(h => scores[h.Layer, h.Head]).ThenBy(h => h.FlatIndex(config.NumAttentionHeads)).Take(2);
        var expected = circuit.Root.GetProperty("depth1").GetProperty("targets").EnumerateArray().Select(GoldenCircuit.Head);
        Assert.Equal(expected, top2);
    }
}
