using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Models;
using Ctsft.Reproducibility;
using Ctsft.Scopes;

namespace Ctsft.Experiments;

/// <summary>
/// What one transfer produced: the result JSON (every setting, seed, hash, every metric with its manifest, timings per
/// stage, the trainable budget) and its headline numbers.
/// </summary>
public sealed record TransferResult(JsonObject Json, double TargetAccuracy, double ProxyAccuracy, double? A0Accuracy,
    double? CompetenceProxyAccuracy, double LearningRate, IReadOnlyList<string> CoincidesWith, IReadOnlyDictionary<string, double> StageSeconds)
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string ToJsonString() => Json.ToJsonString(Indented);

    public static TransferResult From(JsonObject json)
    {
        var metrics = json["metrics"]!.AsObject();
        double? Accuracy(string name) => metrics[name]?["accuracy"]?.GetValue<double>();
        return new TransferResult(json, Accuracy("target_test")!.Value, Accuracy("proxy_test")!.Value, Accuracy("a0"), Accuracy("competence_proxy"),
            json["learning_rate"]!["chosen"]!.GetValue<double>(),
            json["arm"]!["coincides_with"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray(),
            json["timings_seconds"]!.AsObject().Where(p => p.Key != "total").ToDictionary(p => p.Key, p => p.Value!.GetValue<double>()));
    }

    /// <summary>An evaluation's accuracy and macro-F1 with its metrics and manifest as written.</summary>
    public static JsonObject EvaluationJson(string folder, string language, string split)
    {
        var metrics = JsonNode.Parse(File.ReadAllText(StageExecutor.EvaluationMetricsFile(folder)))!.AsObject();
        return new JsonObject
        {
            ["language"] = language,
            ["split"] = split,
            ["accuracy"] = metrics["accuracy"]!.DeepClone(),
            ["macro_f1"] = metrics["macro_f1"]?.DeepClone(),
            ["folder"] = folder,
            ["metrics"] = metrics,
            ["manifest"] = JsonNode.Parse(File.ReadAllText(StageExecutor.EvaluationManifestFile(folder))),
        };
    }

    internal static JsonObject Describe(TransferSettings s, string modelFolder, string baseHash, JsonObject data, CacheKey? stage1, StageCache cache,
        CacheKey? discovery, DiscoveredHeads? heads, ParameterScope scope, IReadOnlyList<(double Rate, CacheKey Key, Func<string> Trained, JsonObject? Validation)> candidates,
        double chosenRate, string stage2Folder, JsonObject metrics, IReadOnlyDictionary<string, double> seconds, double totalSeconds)
    {
        static JsonArray Heads(HeadSet set) => new(set.Select(h => (JsonNode?)h.ToString()).ToArray());
        var runManifest = JsonNode.Parse(File.ReadAllText(StageExecutor.TrainingManifestFile(stage2Folder)))!.AsObject();
        var timings = new JsonObject();
        foreach (var (stage, value) in seconds) timings[stage] = value;
        timings["total"] = totalSeconds;
        return new JsonObject
        {
            ["format"] = TransferRun.ResultFormat,
            ["tool_version"] = ToolVersion.Current,
            ["created_utc"] = DateTime.UtcNow.ToString("O"),
            ["settings"] = new JsonObject
            {
                ["model"] = s.Model, ["task"] = s.Task, ["proxy"] = s.Proxy, ["target"] = s.Target, ["n"] = s.N, ["arm"] = s.Arm.Name(),
                ["depth"] = s.Arm.DependsOnDepth() ? s.Depth : null, ["ratio"] = s.PerIteration is null ? s.Ratio : null, ["per_iteration"] = s.PerIteration,
                ["seed"] = s.Seed, ["sample_seed"] = s.SampleSeed, ["proxy_n"] = s.ProxyN, ["split_seed"] = s.SplitSeed,
                ["stage1_learning_rate"] = s.Rates.Stage1,
                ["lr_search"] = s.Rates.Search is { Count: > 0 } search ? new JsonArray(search.Select(r => (JsonNode?)r).ToArray()) : null,
                ["xnli_languages"] = s.XnliLanguages is null ? null : new JsonArray(s.XnliLanguages.Select(l => (JsonNode?)l).ToArray()),
                ["mean_size"] = s.MeanSize, ["discovery_size"] = s.DiscoverySize,
                ["precision"] = Runtime.Precisions.Name(s.Precision),
                ["discovery_precision"] = Runtime.Precisions.Name(Circuits.DiscoveryPrecision.Effective(s.Precision)),
                ["recipe"] = "method.md section 4 (AdamW 0.9/0.999, eps 1e-8, weight decay 0, 5 epochs, batch 16, linear decay, clip 1.0, fp32)",
            },
            ["seeds"] = new JsonObject
            {
                ["run"] = s.Seed,
                ["stage1_training"] = s.Stage1TrainingSeed, ["stage1_training_purpose"] = SeedPurposes.Stage1Training,
                ["data_samples"] = s.DataSampleSeed, ["data_samples_from"] = s.SampleSeed is null ? "run seed (purposes data/sample/pool-a, data/sample/pool-b)" : "sample_seed",
                ["discovery"] = s.DiscoverySeed, ["random_heads_purpose"] = SeedPurposes.RandomHeads,
                ["stage2_training"] = s.Stage2TrainingSeed, ["stage2_training_purpose"] = SeedPurposes.Stage2Training,
                ["split"] = s.SplitSeed,
            },
            ["model"] = new JsonObject { ["spec"] = s.Model, ["folder"] = modelFolder, ["sha256"] = baseHash },
            ["data"] = new JsonObject { ["sha256"] = data },
            ["competence"] = stage1 is null ? null : new JsonObject { ["cache_key"] = stage1.ToString(), ["folder"] = cache.FolderOf(stage1) },
            ["discovery"] = discovery is null || heads is null ? null : new JsonObject
            {
                ["cache_key"] = discovery.ToString(), ["folder"] = cache.FolderOf(discovery),
                ["depth"] = heads.Depth, ["circuit"] = Heads(heads.Circuit), ["nearzero"] = Heads(heads.NearZero),
                ["least"] = Heads(heads.Least), ["random"] = Heads(heads.Random),
            },
            ["arm"] = new JsonObject
            {
                ["name"] = s.Arm.Name(),
                ["scope"] = scope.Name,
                ["heads"] = Heads(scope.Heads),
                ["coincides_with"] = new JsonArray((heads is null || !s.Arm.TrainsHeads() ? [] : heads.CoincidingWith(s.Arm))
                    .Select(a => (JsonNode?)a.Name()).ToArray()),
            },
            ["learning_rate"] = new JsonObject
            {
                ["chosen"] = chosenRate,
                ["chosen_by"] = candidates.Count > 1 ? "best target validation accuracy (ties: the earlier candidate)" : "the arm's rate",
                ["candidates"] = new JsonArray(candidates.Select(c => (JsonNode?)new JsonObject
                {
                    ["learning_rate"] = c.Rate, ["cache_key"] = c.Key.ToString(),
                    ["validation_accuracy"] = c.Validation?["accuracy"]?.DeepClone(), ["validation"] = c.Validation,
                }).ToArray()),
            },
            ["stage2"] = new JsonObject { ["folder"] = stage2Folder, ["run"] = runManifest },
            ["budget"] = runManifest["scope"]?.DeepClone(),
            ["metrics"] = metrics,
            ["timings_seconds"] = timings,
        };
    }
}
