using System.Globalization;

namespace Ctsft.Experiments;

/// <summary>
/// One cell of a grid. Arms that train no head set and match no circuit (full, direct, norms, ia3) do not depend on the depth: they are one
/// cell per (target, n, seed) with <see cref="Depth"/> null, not one per depth.
/// </summary>
public sealed record GridCell(string Target, int N, Arm Arm, int? Depth, ulong Seed)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Target}/n{N}/{Arm.Name()}/d{(Depth is { } d ? d.ToString(CultureInfo.InvariantCulture) : "-")}/s{Seed}");

    public override string ToString() => Key;
}

/// <summary>The cells of a spec in a fixed order (seed, target, n, arm, depth), and a shard's share of them.</summary>
public static class ExperimentGrid
{
    public static IReadOnlyList<GridCell> Cells(ExperimentSpec spec) =>
        (from seed in spec.Seeds
         from target in spec.Targets
         from n in spec.N
         from arm in spec.Arms
         from depth in arm.DependsOnDepth() ? spec.Depths.Select(d => (int?)d) : [null]
         select new GridCell(target, n, arm, depth, seed)).ToArray();

    /// <summary>Cells i, i + count, i + 2 count, ... of the grid: shards 0..count-1 cover it exactly once.</summary>
    public static IReadOnlyList<GridCell> Shard(IReadOnlyList<GridCell> cells, Shard shard) =>
        cells.Where((_, index) => index % shard.Count == shard.Index).ToArray();
}

/// <summary><c>--shard i/n</c>: share i (0-based) of n.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public static Shard Whole => new(0, 1);

    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i < n)
            return new Shard(i, n);
        throw new BadSettingException("shard", $"{{shard}}: '{text}' is not a share; give i/n with 0 <= i < n (e.g. 0/4, as Slurm's SLURM_ARRAY_TASK_ID and Kubernetes' JOB_COMPLETION_INDEX count)");
    }

    public override string ToString() => $"{Index}/{Count}";
}
