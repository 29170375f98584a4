using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Data;

namespace Ctsft.Experiments;

/// <summary>
/// A spec's <c>task</c>: a benchmark's name (<c>nusax</c>, <c>xnli</c>), or the user's dataset as an object:
/// <c>{"files": {"ind": "data/ind.csv", "jav": "data/jav.csv"}, "text_column": "text", "label_column": "label",
/// "text_pair_column", "id_column", "split_column", "labels": [...]}</c> (task <c>custom</c>; relative paths are taken
/// from the spec's folder). A stored spec holds each file's SHA-256 in place of its path.
/// </summary>
public static class UserTaskReader
{
    public static IReadOnlyList<string> Keys { get; } = ["files", "text_column", "text_pair_column", "label_column", "id_column", "split_column", "labels"];

    /// <returns>The task's name, and for the user's files the task and each language's file hash (null when a file is missing).</returns>
    public static (string Name, UserTask? User, IReadOnlyDictionary<string, string>? Hashes) Read(JsonNode? node, SettingChecks checks,
        bool checkEnvironment, string? specFolder)
    {
        JsonObject task;
        switch (node)
        {
            case null:
                checks.Add("task", "is required");
                return ("nusax", null, null);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } name:
                if (name == UserTask.Key) checks.Add("task", $"{UserTask.Key}: give the task as an object with \"files\" (language -> file), e.g. {{\"files\": {{\"ind\": \"ind.csv\", \"jav\": \"jav.csv\"}}}}");
                return (name, null, null);
            case JsonObject given:
                task = given;
                break;
            default:
                checks.Add("task", "expected a task name or an object with \"files\"");
                return ("nusax", null, null);
        }
        foreach (var key in task.Select(p => p.Key).Where(k => !Keys.Contains(k)))
            checks.Add("task", $"unknown key '{key}'; the keys are {string.Join(", ", Keys)}");
        if (task["files"] is not JsonObject files || files.Count == 0 || files.Any(f => f.Value is not JsonValue fv || fv.GetValueKind() != JsonValueKind.String))
        {
            checks.Add("task", "\"files\" must map each language to its file, e.g. {\"ind\": \"ind.csv\", \"jav\": \"jav.csv\"}");
            return (UserTask.Key, null, null);
        }
        string? Text(string key)
        {
            var value = task[key];
            if (value is null) return null;
            if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>() is { Length: > 0 } text) return text;
            checks.Add("task", $"'{key}' must be a non-empty string");
            return null;
        }
        IReadOnlyList<string>? labels = null;
        if (task["labels"] is { } labelNode)
        {
            if (labelNode is JsonArray array && array.Count > 0 && array.All(l => l is JsonValue lv && lv.GetValueKind() == JsonValueKind.String))
                labels = array.Select(l => l!.GetValue<string>()).ToArray();
            else checks.Add("task", "'labels' must be a list of label strings");
        }
        var paths = files.ToDictionary(f => f.Key, f => f.Value!.GetValue<string>());
        if (checkEnvironment)
            paths = paths.ToDictionary(p => p.Key, p => Path.GetFullPath(Path.Combine(specFolder ?? Environment.CurrentDirectory, p.Value)));
        var hashes = checkEnvironment
            ? paths.Where(p => File.Exists(p.Value)).ToDictionary(p => p.Key, p => DataFiles.FileHash(p.Value))
            : paths;
        var user = new UserTask(paths, Text("text_column") ?? "text", Text("label_column") ?? "label", Text("text_pair_column"), Text("id_column"),
            Text("split_column"), labels);
        return (UserTask.Key, user, hashes);
    }
}
