using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>How a spec relates to the one a results folder records.</summary>
public enum SpecRelationKind
{
    /// <summary>The same grid.</summary>
    Same,

    /// <summary>Every setting equal and every grid list a superset: the folder's grid grows to this one.</summary>
    Grows,

    /// <summary>Every setting equal and every grid list a subset: this spec runs a part of the folder's grid.</summary>
    Part,

    /// <summary>Another experiment: a setting differs, or the lists neither contain nor are contained in the folder's.</summary>
    Other,
}

/// <summary>
/// Compares two canonical specs (<see cref="ExperimentSpec.Canonical"/>). A cell's result depends only on the fixed
/// settings (model, task, proxy, stage-1 size, selection size, learning rates of its arm, XNLI language set) and its
/// own coordinates, so a grid may grow (another target, n, arm, depth or seed) without invalidating what is recorded.
/// The stage-2 rate of an arm counts only when both grids hold that arm.
/// </summary>
public sealed record SpecRelation(SpecRelationKind Kind, string? Difference)
{
    public static IReadOnlyList<string> GridLists { get; } = ["targets", "n", "arms", "depths", "seeds"];

    public static SpecRelation Compare(JsonObject stored, JsonObject candidate)
    {
        foreach (var key in stored.Select(p => p.Key).Union(candidate.Select(p => p.Key)).Where(k => !GridLists.Contains(k) && k != "lr"))
            if (!JsonNode.DeepEquals(stored[key], candidate[key]))
                return Other($"key '{key}' is {Text(candidate[key])} here and {Text(stored[key])} in the folder's spec");
        var sharedArms = Names(stored["arms"]).Intersect(Names(candidate["arms"])).ToArray();
        foreach (var rateKey in sharedArms.Prepend(LearningRates.Stage1Key))
            if (!JsonNode.DeepEquals(stored["lr"]?[rateKey], candidate["lr"]?[rateKey]))
                return Other($"key 'lr' gives {rateKey} {Text(candidate["lr"]?[rateKey])} here and {Text(stored["lr"]?[rateKey])} in the folder's spec");
        bool grows = true, part = true;
        foreach (var list in GridLists)
        {
            var mine = Items(candidate[list]).ToHashSet();
            var theirs = Items(stored[list]).ToHashSet();
            grows &= mine.IsSupersetOf(theirs);
            part &= mine.IsSubsetOf(theirs);
        }
        return (grows, part) switch
        {
            (true, true) => new SpecRelation(SpecRelationKind.Same, null),
            (true, false) => new SpecRelation(SpecRelationKind.Grows, null),
            (false, true) => new SpecRelation(SpecRelationKind.Part, null),
            _ => Other($"its lists ({string.Join(", ", GridLists)}) neither contain nor are contained in the folder's"),
        };
    }

    private static SpecRelation Other(string difference) => new(SpecRelationKind.Other, difference);

    private static IEnumerable<string> Items(JsonNode? list) => list is JsonArray array ? array.Select(i => i?.ToJsonString() ?? "null") : [];

    private static IEnumerable<string> Names(JsonNode? list) => list is JsonArray array ? array.Select(i => i?.GetValue<string>() ?? "") : [];

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "unset";
}
