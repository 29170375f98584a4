using Ctsft.Models;

namespace Ctsft.Circuits;

/// <summary>One iteration of the selection: its targets (none at depth 0), candidates, the scores toward the targets and the picks.</summary>
public sealed record SelectionDepth(int Depth, IReadOnlyList<HeadRef> Targets, IReadOnlyList<HeadRef> Candidates, double[,] Scores, IReadOnlyList<HeadRef> Picked);

/// <summary>
/// The iterative selection of method.md 5.5 and 9. Depth 0: the top k of all heads by depth-0 relevance. Depth
/// d >= 1: the targets are depth d-1's picks; candidates are the heads not picked yet in a layer below the deepest
/// target; the top k of them by relevance toward the targets (all if fewer remain); the search stops when no
/// candidate is left or at the max depth. Ties go to the lower flat index; picks may have negative scores.
/// </summary>
public sealed record CircuitSelection(int PerIteration, int MaxDepth, IReadOnlyList<SelectionDepth> Depths)
{
    /// <summary>Circuit C: every pick of every depth.</summary>
    public HeadSet Circuit => new(Depths.SelectMany(d => d.Picked));

    /// <summary>
    /// k = max(1, floor(p x total heads + 1e-9)): the 1e-9 absorbs binary rounding of p, so that 0.29 x 100 (which is
    /// 28.999999999999996 in doubles) gives 29.
    /// </summary>
    public static int PerIterationFor(double ratio, int totalHeads)
    {
        if (!(ratio > 0 && ratio <= 1)) throw new BadSettingException("ratio", $"{{ratio}} {ratio} must be in (0, 1]");
        return Math.Max(1, (int)Math.Floor(ratio * totalHeads + RoundingAllowance));
    }

    public const double RoundingAllowance = 1e-9;

    public static CircuitSelection Run(HeadScores scores, int perIteration, int maxDepth)
    {
        if (perIteration < 1) throw new BadSettingException("per_iteration", $"{{per_iteration}} {perIteration} must be at least 1");
        if (maxDepth < 0) throw new BadSettingException("depth", $"{{depth}} {maxDepth} must be 0 or more");
        var all = Enumerable.Range(0, scores.HeadCount).Select(i => HeadRef.FromFlatIndex(i, scores.HeadsPerLayer)).ToArray();
        var depth0 = scores.Depth0Scores();
        var depths = new List<SelectionDepth> { new(0, [], all, depth0, Top(all, depth0, perIteration, scores.HeadsPerLayer)) };
        var chosen = new HashSet<HeadRef>(depths[0].Picked);
        for (var depth = 1; depth <= maxDepth; depth++)
        {
            var targets = depths[^1].Picked;
            var deepest = targets.Max(t => t.Layer);
            var candidates = all.Where(h => !chosen.Contains(h) && h.Layer < deepest).ToArray();
            if (candidates.Length == 0) break;
            var toward = scores.TargetScores(targets);
            var picked = Top(candidates, toward, perIteration, scores.HeadsPerLayer);
            depths.Add(new SelectionDepth(depth, targets, candidates, toward, picked));
            chosen.UnionWith(picked);
        }
        return new CircuitSelection(perIteration, maxDepth, depths);
    }

    private static HeadRef[] Top(IEnumerable<HeadRef> candidates, double[,] scores, int k, int headsPerLayer) =>
        candidates.OrderByDescending(h => scores[h.Layer, h.Head]).ThenBy(h => h.FlatIndex(headsPerLayer)).Take(k).ToArray();
}
