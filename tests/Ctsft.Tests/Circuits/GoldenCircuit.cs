using System.Text.Json;
using Ctsft.Circuits;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;

namespace Ctsft.Tests.Circuits;

/// <summary>A fixture model bound to the NusaX task, with its golden mean and discovery sets as examples.</summary>
public sealed class GoldenCircuit : IDisposable
{
    public Golden Golden { get; }
    public TaskModel TaskModel { get; }
    public TransformerModel Model => TaskModel.Model;
    public TaskReadout Readout => TaskModel.Readout;
    public IReadOnlyList<Example> MeanSet { get; }
    public IReadOnlyList<Example> DiscoverySet { get; }

    public GoldenCircuit(string fixture)
    {
        Golden = Golden.For(fixture);
        TaskModel = FixtureTask.Load(fixture);
        MeanSet = Examples("mean_set");
        DiscoverySet = Examples("discovery_set");
    }

    public JsonElement Root => Golden.Root;

    private IReadOnlyList<Example> Examples(string set) =>
        Golden.Root.GetProperty(set).GetProperty("examples").EnumerateArray()
            .Select(e => new Example(e.GetProperty("id").ToString(), e.GetProperty("text").GetString()!, null, e.GetProperty("label_index").GetInt32()))
            .ToArray();

    public LabelBalancedMean ComputeMeans() =>
        LabelBalancedMean.Compute(Model, Readout, MeanSet,
            new MeanProvenance(MeanSet.Select(e => e.Id).ToArray(), Readout.Task.LabelNames, ClassCounts()));

    private int[] ClassCounts()
    {
        var counts = Golden.Root.GetProperty("mean_set").GetProperty("class_counts");
        return Readout.Task.LabelNames.Select(l => counts.TryGetProperty(l, out var c) ? c.GetInt32() : 0).ToArray();
    }

    public HeadScores Score(LabelBalancedMean means, DecompositionOptions options, ScoringSettings? settings = null) =>
        new HeadScorer(Model, Readout, means, options, settings).Score(DiscoverySet);

    /// <summary>The golden key suffix of an option combination (depth0, depth0_frozen, depth0_no_collapse, ...).</summary>
    public static string Suffix(DecompositionOptions options) =>
        (options.Attention == AttentionRule.Frozen ? "_frozen" : "") + (options.Collapse ? "" : "_no_collapse");

    public static IEnumerable<DecompositionOptions> AllOptions =>
    [
        new(AttentionRule.Eq11, true), new(AttentionRule.Frozen, true), new(AttentionRule.Eq11, false), new(AttentionRule.Frozen, false),
    ];

    public static HeadRef Head(JsonElement pair) => new(pair[0].GetInt32(), pair[1].GetInt32());

    public static double[,] ToArray(JsonElement layers)
    {
        var result = new double[layers.GetArrayLength(), layers[0].GetArrayLength()];
        for (var l = 0; l < result.GetLength(0); l++)
            for (var h = 0; h < result.GetLength(1); h++)
                result[l, h] = layers[l][h].GetDouble();
        return result;
    }

    public static void Close(double[,] expected, double[,] actual, double tolerance, string what)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (var l = 0; l < expected.GetLength(0); l++)
            for (var h = 0; h < expected.GetLength(1); h++)
                Assert.True(Math.Abs(expected[l, h] - actual[l, h]) <= tolerance,
                    $"{what} L{l}H{h}: expected {expected[l, h]:g8}, got {actual[l, h]:g8} (tolerance {tolerance:g2})");
    }

    public void Dispose() => TaskModel.Dispose();
}
