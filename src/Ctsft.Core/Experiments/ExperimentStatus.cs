using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>One grid cell in a status: its coordinates, its status and its two headline accuracies.</summary>
public sealed record StatusRun(GridCell Cell, string Status, double? TargetAccuracy, double? ProxyAccuracy, string? Reason)
{
    /// <summary>The run as <c>experiment status --json</c> and <c>report --json</c> list it.</summary>
    public JsonObject ToJson() => new()
    {
        ["target"] = Cell.Target, ["n"] = Cell.N, ["arm"] = Cell.Arm.Name(), ["depth"] = Cell.Depth, ["seed"] = Cell.Seed,
        ["status"] = Status, ["target_accuracy"] = TargetAccuracy, ["proxy_accuracy"] = ProxyAccuracy, ["reason"] = Reason,
    };
}

/// <summary>
/// <c>ctsft experiment status</c>: done / failed / pending counts over the whole grid, one row per cell and the time
/// spent computing each stage so far. Its JSON has the keys <c>done</c>, <c>failed</c>, <c>pending</c> and <c>runs</c>
/// (<c>target</c>, <c>n</c>, <c>arm</c>, <c>depth</c>, <c>seed</c>, <c>status</c>, <c>target_accuracy</c>, <c>proxy_accuracy</c>).
/// </summary>
public sealed record ExperimentStatus(string Folder, string SpecHash, IReadOnlyList<StatusRun> Runs, IReadOnlyDictionary<string, (double Seconds, int Count)> StageSeconds)
{
    public int Done => Runs.Count(r => r.Status == ResultsStore.Done);
    public int Failed => Runs.Count(r => r.Status == ResultsStore.Failed);

    /// <summary>Not recorded yet (running cells included).</summary>
    public int Pending => Runs.Count - Done - Failed;
    public int Running => Runs.Count(r => r.Status == ResultsStore.Running);

    public static ExperimentStatus Read(string folder)
    {
        using var store = ResultsStore.OpenExisting(folder);
        return Read(store);
    }

    /// <summary>The status of an open store (its spec's grid, each cell with its record).</summary>
    public static ExperimentStatus Read(ResultsStore store)
    {
        var (spec, problems) = ExperimentSpecReader.Parse(store.Spec["spec"]!.AsObject(), StageExecutor.Default, checkEnvironment: false);
        if (spec is null) throw new BadInputException($"{Path.Combine(store.Folder, ResultsStore.SpecFile)}: {string.Join("; ", problems)}");
        var records = store.All();
        var runs = ExperimentGrid.Cells(spec).Select(cell => records.TryGetValue(cell.Key, out var r)
            ? new StatusRun(cell, r.Status, r.TargetAccuracy, r.ProxyAccuracy, r.Reason)
            : new StatusRun(cell, store.IsRunning(cell) ? ResultsStore.Running : ResultsStore.Pending, null, null, null)).ToArray();
        return new ExperimentStatus(store.Folder, store.Spec["spec_hash"]!.GetValue<string>(), runs, store.StageSeconds());
    }

    /// <summary>One object per grid cell (the <c>runs</c> array of <c>experiment status --json</c> and <c>report --json</c>).</summary>
    public JsonArray RunsJson() => new(Runs.Select(r => (JsonNode?)r.ToJson()).ToArray());

    /// <summary>Seconds spent computing stages in all (cache hits excluded).</summary>
    public double ComputeSeconds => StageSeconds.Values.Sum(t => t.Seconds);

    /// <summary>Seconds and count per stage, in the stages' order (null: not computed yet).</summary>
    public JsonObject StageSecondsJson()
    {
        var stages = new JsonObject();
        foreach (var stage in TransferStages.All)
            stages[stage] = StageSeconds.TryGetValue(stage, out var t) ? new JsonObject { ["seconds"] = t.Seconds, ["computed"] = t.Count } : null;
        return stages;
    }

    /// <summary>The stages' times in one line, e.g. <c>stage1 176 s (1 computed), ...</c>.</summary>
    public string StageSecondsText() => string.Join(", ", TransferStages.All.Where(StageSeconds.ContainsKey)
        .Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s} {StageSeconds[s].Seconds:F0} s ({StageSeconds[s].Count} computed)")));

    public JsonObject ToJson()
    {
        var stages = StageSecondsJson();
        return new JsonObject
        {
            ["folder"] = Folder,
            ["spec_hash"] = SpecHash,
            ["done"] = Done,
            ["failed"] = Failed,
            ["pending"] = Pending,
            ["running"] = Running,
            ["stage_seconds"] = stages,
            ["runs"] = RunsJson(),
        };
    }
}
