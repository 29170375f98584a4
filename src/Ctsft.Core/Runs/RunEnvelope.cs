using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Reproducibility;

namespace Ctsft.Runs;

/// <summary>One input a run read, by role (<c>model</c>, <c>data</c>, <c>heads_from</c>), with where it was and its SHA-256.</summary>
public sealed record RunInput(string Role, string Path, string Sha256);

/// <summary>
/// The fields every JSON a run writes starts with: the file's format name and version, the kind of run, the tool's
/// version and git commit (when built from a checkout), when, the run's status, its settings, the hashes of its
/// inputs and the files it wrote. The rest of the file is the format's own content (<see cref="RunDocument"/>).
/// </summary>
public sealed record RunEnvelope(
    string Format,
    int FormatVersion,
    string Kind,
    string Status,
    JsonObject Settings,
    IReadOnlyList<RunInput> Inputs,
    IReadOnlyList<string> Outputs)
{
    public const string Completed = "completed";

    public string ToolVersion { get; init; } = Reproducibility.ToolVersion.Current;
    public string? GitCommit { get; init; } = Reproducibility.ToolVersion.GitCommit;
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    public static readonly string[] FieldNames =
        ["format", "format_version", "kind", "tool_version", "git_commit", "created_utc", "status", "settings", "inputs", "outputs"];

    /// <summary>The envelope's fields first, then <paramref name="body"/>'s (which must not reuse an envelope name).</summary>
    public JsonObject Wrap(JsonObject body)
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["format_version"] = FormatVersion,
            ["kind"] = Kind,
            ["tool_version"] = ToolVersion,
            ["git_commit"] = GitCommit,
            ["created_utc"] = CreatedUtc.UtcDateTime.ToString("O"),
            ["status"] = Status,
            ["settings"] = Settings.DeepClone(),
            ["inputs"] = JsonSerializer.SerializeToNode(Inputs, RunJson.Options),
            ["outputs"] = new JsonArray(Outputs.Select(o => (JsonNode?)o).ToArray()),
        };
        foreach (var (key, value) in body)
        {
            if (json.ContainsKey(key)) throw new ArgumentException($"'{key}' is an envelope field");
            json[key] = value?.DeepClone();
        }
        return json;
    }

    /// <summary>Reads the envelope of <paramref name="root"/> (from <paramref name="file"/>), checking the format name and version.</summary>
    public static RunEnvelope Read(JsonObject root, string file, string format, int version)
    {
        var found = root["format"]?.GetValue<string>();
        if (found != format)
            throw new BadInputException($"{file}: not a {format} file (format '{found ?? "none"}')");
        var foundVersion = root["format_version"]?.GetValue<int>() ?? 0;
        if (foundVersion != version)
            throw new BadInputException($"{file}: {format} version {foundVersion} is not readable by this ctsft (it reads version {version})");
        string Required(string key) => root[key]?.GetValue<string>() ?? throw new BadInputException($"{file}: '{key}' is missing");
        return new RunEnvelope(format, version, Required("kind"), Required("status"),
            root["settings"] as JsonObject ?? throw new BadInputException($"{file}: 'settings' is missing"),
            root["inputs"]?.Deserialize<RunInput[]>(RunJson.Options) ?? [],
            root["outputs"]?.Deserialize<string[]>(RunJson.Options) ?? [])
        {
            ToolVersion = Required("tool_version"),
            GitCommit = root["git_commit"]?.GetValue<string>(),
            CreatedUtc = DateTimeOffset.Parse(Required("created_utc"), System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>Writes and reads a run's JSON file: the envelope, then the format's content.</summary>
public static class RunDocument
{
    public static void Write(string path, RunEnvelope envelope, JsonObject body) =>
        AtomicFile.WriteAllText(path, envelope.Wrap(body).ToJsonString(RunJson.Options) + "\n");

    /// <summary>The file's envelope and its whole JSON object; a missing or malformed file is named in the error.</summary>
    public static (RunEnvelope Envelope, JsonObject Root) Read(string path, string format, int version)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: file not found");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new BadInputException($"{path}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not valid JSON ({e.Message})", e);
        }
        try
        {
            return (RunEnvelope.Read(root, path, format, version), root);
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or FormatException)
        {
            throw new BadInputException($"{path}: a field of the envelope has the wrong type ({e.Message})", e);
        }
    }

    /// <summary>SHA-256 of a file's bytes (an input's hash).</summary>
    public static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
