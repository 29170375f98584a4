using System.Text.Json.Nodes;
using Ctsft.Circuits;
using Ctsft.Models;

namespace Ctsft.Experiments;

/// <summary>
/// The head sets a discovery gives at one depth d: the circuit (the union of the picks of depths 0..d) and its
/// comparison sets from the depth-0 scores (method.md 5.5). A discovery run to depth D holds every shallower
/// selection too, because each depth's picks depend only on the depths before it.
/// </summary>
public sealed record DiscoveredHeads(int Depth, HeadSet Circuit, HeadSet NearZero, HeadSet Least, HeadSet Random)
{
    public HeadSet For(Arm arm) => arm switch
    {
        Arm.Circuit => Circuit,
        Arm.NearZero => NearZero,
        Arm.Least => Least,
        Arm.Random => Random,
        _ => throw new ArgumentException($"arm {arm.Name()} trains no head set", nameof(arm)),
    };

    /// <summary>The other head arms that train exactly the heads of <paramref name="arm"/> (method.md 5.5: they share the run).</summary>
    public IReadOnlyList<Arm> CoincidingWith(Arm arm) =>
        Arms.All.Where(a => a.TrainsHeads() && a != arm && For(a).Equals(For(arm))).ToArray();

    /// <summary>
    /// Reads <c>circuit.json</c> and derives the sets at <paramref name="depth"/> (Random seeded by <paramref name="randomSeed"/>).
    /// A search that ran out of candidates before that depth (method.md 9) gives the circuit it reached, and
    /// <see cref="Depth"/> says which depth that is.
    /// </summary>
    public static DiscoveredHeads Read(string circuitFile, int depth, ulong randomSeed)
    {
        var root = JsonNode.Parse(File.ReadAllText(circuitFile))!.AsObject();
        var depths = root["depths"]!.AsArray();
        depth = Math.Min(depth, depths.Count - 1);
        var circuit = new HeadSet(depths.Take(depth + 1).SelectMany(d => d!["picked"]!.AsArray().Select(h => HeadRef.Parse(h!.GetValue<string>()))));
        var scores = Scores(root, 0);
        var sets = ComparisonSets.Build(scores, circuit, randomSeed);
        return new DiscoveredHeads(depth, circuit, new HeadSet(sets.NearZero), new HeadSet(sets.Least), new HeadSet(sets.Random));
    }

    /// <summary>The layers x heads scores of one depth of a parsed <c>circuit.json</c>.</summary>
    public static double[,] Scores(JsonObject circuitJson, int depth)
    {
        var rows = circuitJson["depths"]![depth]!["scores"]!.AsArray();
        var perLayer = rows[0]!.AsArray().Count;
        var scores = new double[rows.Count, perLayer];
        for (var l = 0; l < rows.Count; l++)
            for (var h = 0; h < perLayer; h++)
                scores[l, h] = rows[l]![h]!.GetValue<double>();
        return scores;
    }
}
