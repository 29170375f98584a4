using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>How long one stage of a cell took (a row of the store's <c>stage_times</c>).</summary>
public sealed record StageTime(string Stage, string Detail, string StartedUtc, double? Seconds, bool? Cached, string Process);

/// <summary>A recorded cell (a row of the store's <c>results</c>) with its stage times: one line of an exported <c>runs.jsonl</c>.</summary>
public sealed record ResultRow(string Cell, string Target, int N, string Arm, int? Depth, string Seed, string Status, double? TargetAccuracy,
    double? ProxyAccuracy, string? Reason, string? ResultJson, string FinishedUtc, int Attempts, IReadOnlyList<StageTime> StageTimes)
{
    /// <summary>Reads one line; a line that is not a recorded cell is refused naming the file and line.</summary>
    public static ResultRow Parse(string line, string file, int lineNumber)
    {
        string Where() => $"{file}: line {lineNumber.ToString(CultureInfo.InvariantCulture)}";
        JsonObject json;
        try { json = JsonNode.Parse(line) as JsonObject ?? throw new BadInputException($"{Where()}: not a JSON object"); }
        catch (JsonException e) { throw new BadInputException($"{Where()}: not valid JSON ({e.Message})"); }
        try
        {
            string Text(JsonNode? node, string key) => node?[key]?.GetValue<string>() ?? throw new BadInputException($"{Where()}: \"{key}\" is missing");
            var row = new ResultRow(Text(json, "cell"), Text(json, "target"), json["n"]?.GetValue<int>() ?? throw new BadInputException($"{Where()}: \"n\" is missing"),
                Text(json, "arm"), json["depth"]?.GetValue<int>(), Text(json, "seed"), Text(json, "status"), json["target_accuracy"]?.GetValue<double>(),
                json["proxy_accuracy"]?.GetValue<double>(), json["reason"]?.GetValue<string>(),
                json["result"] is JsonObject result ? result.ToJsonString() : null, Text(json, "finished_utc"), json["attempts"]?.GetValue<int>() ?? 1,
                (json["stage_times"] as JsonArray ?? []).Select(t => new StageTime(Text(t, "stage"), Text(t, "detail"), Text(t, "started_utc"),
                    t!["seconds"]?.GetValue<double>(), t["cached"]?.GetValue<bool>(), Text(t, "process"))).ToArray());
            var key = string.Create(CultureInfo.InvariantCulture, $"{row.Target}/n{row.N}/{row.Arm}/d{(row.Depth?.ToString(CultureInfo.InvariantCulture) ?? "-")}/s{row.Seed}");
            if (key != row.Cell) throw new BadInputException($"{Where()}: cell \"{row.Cell}\" does not match its target, n, arm, depth and seed ({key})");
            if (row.Status is not (ResultsStore.Done or ResultsStore.Failed))
                throw new BadInputException($"{Where()}: status \"{row.Status}\" is neither {ResultsStore.Done} nor {ResultsStore.Failed}");
            if (row.Status == ResultsStore.Done && (row.TargetAccuracy is null || row.ProxyAccuracy is null || row.ResultJson is null))
                throw new BadInputException($"{Where()}: a done cell needs target_accuracy, proxy_accuracy and result");
            return row;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new BadInputException($"{Where()}: a value has the wrong type ({e.Message})");
        }
    }
}
