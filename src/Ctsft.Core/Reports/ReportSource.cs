using System.Text.Json.Nodes;
using Ctsft.Experiments;

namespace Ctsft.Reports;

/// <summary>
/// What a report reads from an experiment's results folder: the spec, every grid cell with its record (the runs of
/// <c>experiment status</c>), the recorded rows that are not cells of the spec's grid, and what is worth a warning
/// (nothing recorded, cells pending or failed, rows or results of another spec).
/// </summary>
public sealed record ReportSource(string Folder, JsonObject Spec, string SpecHash, ExperimentStatus Status, IReadOnlyList<ReportRun> Runs,
    IReadOnlyList<ReportRun> Foreign, IReadOnlyList<string> Warnings)
{
    public string Model => Spec["model"]!.GetValue<string>();
    public string Task => Spec["task"]!.GetValue<string>();
    public string Proxy => Spec["proxy"]!.GetValue<string>();
    public string ProxyN => Spec["proxy_n"]!.ToString();

    public static ReportSource Read(string folder)
    {
        using var store = ResultsStore.OpenExisting(folder);
        var status = ExperimentStatus.Read(store);
        var records = store.All();
        var spec = store.Spec["spec"]!.AsObject();
        var runs = status.Runs.Select(r => new ReportRun(r.Cell.Target, r.Cell.N, r.Cell.Arm.Name(), r.Cell.Depth, r.Cell.Seed, r.Status,
            r.TargetAccuracy, r.ProxyAccuracy, r.Reason, records.TryGetValue(r.Cell.Key, out var record) ? Parse(record) : null)).ToArray();
        var cells = status.Runs.Select(r => r.Cell.Key).ToHashSet(StringComparer.Ordinal);
        var foreign = records.Values.Where(r => !cells.Contains(r.Cell)).Select(ForeignRun).OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        return new ReportSource(store.Folder, spec, status.SpecHash, status, runs, foreign, Warn(status, runs, foreign));
    }

    private static JsonObject? Parse(CellRecord record) => record.ResultJson is null ? null : JsonNode.Parse(record.ResultJson) as JsonObject;

    /// <summary>A recorded row whose cell is not in the spec's grid, read from its key (target/nN/arm/dD/sS).</summary>
    private static ReportRun ForeignRun(CellRecord record)
    {
        var parts = record.Cell.Split('/');
        int? depth = parts.Length > 3 && int.TryParse(parts[3].TrimStart('d'), out var d) ? d : null;
        return new ReportRun(parts[0], parts.Length > 1 && int.TryParse(parts[1].TrimStart('n'), out var n) ? n : 0, parts.ElementAtOrDefault(2) ?? "?",
            depth, parts.Length > 4 && ulong.TryParse(parts[4].TrimStart('s'), out var s) ? s : 0, record.Status, record.TargetAccuracy,
            record.ProxyAccuracy, record.Reason, Parse(record));
    }

    /// <summary>What a report over these runs must say before its numbers.</summary>
    public static IReadOnlyList<string> Warn(ExperimentStatus status, IReadOnlyList<ReportRun> runs, IReadOnlyList<ReportRun> foreign)
    {
        var warnings = new List<string>();
        if (status.Done == 0) warnings.Add($"no run is done yet: the store records nothing to report ({status.Runs.Count} cells in the grid)");
        if (status.Pending > 0)
            warnings.Add($"{status.Pending} of {status.Runs.Count} runs are still pending ({status.Running} running): every number below is over the runs done so far");
        if (status.Failed > 0)
            warnings.Add($"{status.Failed} of {status.Runs.Count} runs failed and are left out of every number: {string.Join("; ", runs.Where(r => r.Status == ResultsStore.Failed).Take(5).Select(r => $"{r.Key}: {r.Reason}"))}{(status.Failed > 5 ? "; ..." : "")}");
        if (foreign.Count > 0)
            warnings.Add($"the store mixes specs: {foreign.Count} recorded runs are not cells of this folder's spec (e.g. {string.Join(", ", foreign.Take(3).Select(r => r.Key))}); they are listed apart and left out of every number");
        var settings = runs.Where(r => r.Result is not null).GroupBy(r => SettingsSignature(r.Result!)).ToArray();
        if (settings.Length > 1)
            warnings.Add($"the store mixes specs: its done runs were made with {settings.Length} different settings ({string.Join(" | ", settings.Select(g => $"{g.Count()} runs: {g.Key}"))})");
        return warnings;
    }

    /// <summary>What every run of one spec shares: the model and its hash, the task, the proxy, the stage-1 size and rate, the selection size and the split.</summary>
    private static string SettingsSignature(JsonObject result)
    {
        var s = result["settings"];
        string V(JsonNode? node) => node?.ToJsonString() ?? "null";
        return $"model {V(s?["model"])} sha256 {V(result["model"]?["sha256"])}, task {V(s?["task"])}, proxy {V(s?["proxy"])}, proxy_n {V(s?["proxy_n"])}, " +
               $"stage1 lr {V(s?["stage1_learning_rate"])}, ratio {V(s?["ratio"])}, per_iteration {V(s?["per_iteration"])}, split_seed {V(s?["split_seed"])}";
    }

    /// <summary>
    /// The cache entry a result recorded (<c>.../KIND/HASH</c>) under this results folder, else the folder as recorded: a
    /// moved or imported folder reads its own entries, never another copy's that happens to exist.
    /// </summary>
    public string? Locate(string? recorded)
    {
        if (recorded is null) return null;
        var parts = recorded.TrimEnd('/', '\\').Split('/', '\\');
        if (parts.Length >= 2 && Path.Combine(Folder, ResultsStore.CacheFolder, parts[^2], parts[^1]) is var own && Directory.Exists(own)) return own;
        return Directory.Exists(recorded) ? recorded : null;
    }
}
