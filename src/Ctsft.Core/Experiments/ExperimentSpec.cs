using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>
/// An experiment grid (issue 9 section 4): targets x n x arms x depths x seeds of one model, task and proxy, with
/// the stage-1 size, the selection size, the learning rates and the data folder. Its identity (<see cref="Hash"/>)
/// covers everything but the data folder and gradient checkpointing (which changes no result), the data folder's files are identified by their hashes in every result instead, so
/// shards on machines that mount the data elsewhere share one results folder.
/// </summary>
public sealed record ExperimentSpec
{
    public required string Model { get; init; }
    public required string Task { get; init; }
    public required string Proxy { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public required IReadOnlyList<int> N { get; init; }
    public required IReadOnlyList<Arm> Arms { get; init; }
    public required IReadOnlyList<int> Depths { get; init; }
    public required IReadOnlyList<ulong> Seeds { get; init; }
    public string ProxyN { get; init; } = "50";
    public double? Ratio { get; init; }
    public int? PerIteration { get; init; }
    public LearningRates Rates { get; init; } = new();
    public IReadOnlyList<string>? XnliLanguages { get; init; }
    public string? DataDir { get; init; }

    /// <summary>Train with checkpointed layers (less memory, the same results): how the grid runs, not part of its identity.</summary>
    public bool GradientCheckpointing { get; init; }
    /// <summary>The products' arithmetic of every stage; in the identity only when not fp32 (fp32 specs keep their hash).</summary>
    public Runtime.Precision Precision { get; init; } = Runtime.Precision.Fp32;

    /// <summary>Task custom: the user's files (one per language) and their columns, read from the spec's <c>task</c> object.</summary>
    public Data.UserTask? UserData { get; init; }

    /// <summary>Task custom: each language's file by its SHA-256, the spec's identity instead of the paths (shards may mount them elsewhere).</summary>
    public IReadOnlyDictionary<string, string>? FileHashes { get; init; }

    /// <summary>The settings of one grid cell; XNLI without <c>xnli_languages</c>: English, the proxy and every target, for every cell.</summary>
    public TransferSettings Settings(GridCell cell) => new()
    {
        Model = Model, Task = Task, Proxy = Proxy, Target = cell.Target, N = cell.N, Arm = cell.Arm, Depth = cell.Depth ?? 0,
        Ratio = Ratio ?? 0.02, PerIteration = PerIteration, Seed = cell.Seed, ProxyN = ProxyN, Rates = Rates,
        XnliLanguages = XnliLanguages ?? (Task == Data.Xnli.Task.Key ? new[] { Data.Xnli.Task.ProxyLanguage, Proxy }.Concat(Targets).Distinct().ToArray() : null),
        DataDir = DataDir, UserData = UserData, Precision = Precision,
    };

    /// <summary>The spec as JSON in its canonical form (every key, defaults filled in, data_dir left out).</summary>
    public JsonObject Canonical()
    {
        static JsonArray Array<T>(IEnumerable<T> items) => new(items.Select(i => JsonValue.Create(i) as JsonNode).ToArray());
        var lr = new JsonObject { [LearningRates.Stage1Key] = Rates.Stage1 };
        foreach (var arm in Experiments.Arms.All.Where(a => !a.IsAdapter() || Arms.Contains(a)))   // specs without adapter arms keep their hash
            lr[arm.Name()] = Rates.CandidatesFor(arm) is [var one] && Rates.Search is null ? one : Rates.Stage2;
        var canonical = new JsonObject
        {
            ["model"] = Model, ["task"] = UserData is { } user ? UserTaskJson(user) : Task, ["proxy"] = Proxy, ["targets"] = Array(Targets), ["n"] = Array(N),
            ["arms"] = Array(Arms.Select(a => a.Name())), ["depths"] = Array(Depths), ["seeds"] = Array(Seeds), ["proxy_n"] = ProxyN,
            ["ratio"] = PerIteration is null ? Ratio ?? 0.02 : null, ["per_iteration"] = PerIteration, ["lr"] = lr,
            ["lr_search"] = Rates.Search is { Count: > 0 } s ? Array(s) : null,
            ["xnli_languages"] = XnliLanguages is null ? null : Array(XnliLanguages),
        };
        if (Precision != Runtime.Precision.Fp32) canonical["precision"] = Runtime.Precisions.Name(Precision);
        return canonical;
    }

    private JsonObject UserTaskJson(Data.UserTask user) => new()
    {
        ["files"] = new JsonObject(FileHashes!.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["text_column"] = user.TextColumn, ["text_pair_column"] = user.TextPairColumn, ["label_column"] = user.LabelColumn,
        ["id_column"] = user.IdColumn, ["split_column"] = user.SplitColumn,
        ["labels"] = user.Labels is null ? null : new JsonArray(user.Labels.Select(l => (JsonNode?)l).ToArray()),
    };

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical().ToJsonString())))[..16];
}
