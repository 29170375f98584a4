using System.Text.Json.Nodes;
using Ctsft.Checkpoints;
using Ctsft.Models;
using Ctsft.Runs;
using Ctsft.Runtime;

namespace Ctsft.Circuits;

/// <summary>
/// Writes a discovery run as <c>circuit.json</c> (the run envelope, then): every head's score at every depth, the
/// selected sets, the means' provenance, every setting and seed, the model's hash and the data's hashes. Heads
/// print as <c>L3H7</c>; score matrices are [layer][head]. <see cref="CircuitFile"/> reads it back.
/// </summary>
public static class CircuitReport
{
    public const string FileName = "circuit.json";
    public const string Format = "ctsft.circuit";
    public const int FormatVersion = 1;

    public static string Write(DiscoveryResult result, string folder, IReadOnlyList<string>? otherOutputs = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        RunDocument.Write(path, Envelope(result, [FileName, .. otherOutputs ?? []]), ToJson(result));
        return path;
    }

    public static RunEnvelope Envelope(DiscoveryResult r, IReadOnlyList<string> outputs) =>
        new(Format, FormatVersion, "discover", RunEnvelope.Completed, Settings(r),
            [
                new RunInput("model", r.ModelFolder, r.ModelHash),
                new RunInput("data", r.Data.PoolA.SourceFile, r.Data.PoolA.ContentHash),
                new RunInput("validation_data", r.Data.Validation.SourceFile, r.Data.Validation.ContentHash),
            ],
            outputs);

    public static JsonObject Settings(DiscoveryResult r)
    {
        var s = r.Settings;
        return new JsonObject
        {
            ["attention"] = s.Decomposition.AttentionName,
            ["collapse"] = s.Decomposition.Collapse,
            ["ratio"] = s.Ratio,
            ["per_iteration"] = r.Selection.PerIteration,
            ["per_iteration_from"] = s.PerIteration is null ? "ratio" : "per_iteration",
            ["max_depth"] = s.Depth,
            ["depth_reached"] = r.Selection.Depths.Count - 1,
            ["mean_size"] = s.MeanSize,
            ["discovery_size"] = s.DiscoverySize,
            ["discovery_disjoint_from_mean_set"] = s.DiscoveryDisjointFromMeanSet,
            ["split_seed"] = s.SplitSeed,
            ["seed"] = s.Seed,
            ["init_seed"] = s.InitSeed,
            ["allow_new_classifier"] = s.AllowNewClassifier,
            ["margin"] = s.Margin == MarginDefinition.MeanOfOthers ? "gold minus mean of others" : "gold minus max of others",
            ["comparison_sets_from"] = "depth-0 scores, heads outside the circuit",
            ["example_batch_size"] = r.ScoringBatchSize,
            ["chunk_element_budget"] = s.Scoring.ChunkElementBudget,
            ["device"] = s.Device.ToJson(),
            ["precision"] = s.Precision.Name(),
            ["xnli_languages"] = r.XnliLanguages is null ? null : Strings(r.XnliLanguages),
        };
    }

    /// <summary>The content after the envelope.</summary>
    public static JsonObject ToJson(DiscoveryResult r)
    {
        var s = r.Settings;
        var c = r.Config;
        return new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["checkpoint"] = s.Checkpoint,
                ["folder"] = r.ModelFolder,
                ["architecture"] = c.Architecture,
                ["family"] = c.Kind.ToString().ToLowerInvariant(),
                ["sha256_of_tensors"] = r.ModelHash,
                ["layers"] = c.NumLayers,
                ["heads_per_layer"] = c.NumAttentionHeads,
                ["newly_initialised"] = Strings(r.NewlyInitialised),
            },
            ["task"] = new JsonObject
            {
                ["name"] = s.Task,
                ["language"] = s.Language,
                ["labels"] = Strings(r.MeanProvenance.LabelNames),
                ["label_token_ids"] = r.LabelTokenIds is null ? null : new JsonArray(r.LabelTokenIds.Select(i => (JsonNode)i).ToArray()),
                ["padding"] = r.Padding,
            },
            ["data"] = new JsonObject
            {
                ["pool_a"] = DatasetJson(r.Data.PoolA),
                ["validation"] = DatasetJson(r.Data.Validation),
                ["pool_a_competence_accuracy"] = r.PoolACompetenceAccuracy,
                ["notes"] = Strings(r.Data.Notes),
            },
            ["means"] = new JsonObject
            {
                ["example_ids"] = Strings(r.MeanProvenance.ExampleIds),
                ["per_class_counts"] = Ints(r.MeanProvenance.PerClassCounts),
                ["balanced_quota"] = r.MeanProvenance.BalancedQuota is { } q ? Ints(q) : null,
                ["correct_per_class"] = r.MeanProvenance.CorrectPerClass is { } a ? Ints(a) : null,
                ["fell_back"] = r.MeanProvenance.FellBack,
                ["definition"] = MeanProvenance.Definition,
            },
            ["discovery_set"] = new JsonObject
            {
                ["example_ids"] = Strings(r.DiscoverySet.Ids.ToArray()),
                ["labels"] = Ints(r.DiscoverySet.Examples.Select(e => e.Label).ToArray()),
            },
            ["depths"] = new JsonArray(r.Selection.Depths.Select(d => (JsonNode)new JsonObject
            {
                ["depth"] = d.Depth,
                ["targets"] = Heads(d.Targets),
                ["candidates"] = Heads(d.Candidates),
                ["picked"] = Heads(d.Picked),
                ["scores"] = Matrix(d.Scores),
            }).ToArray()),
            ["circuit"] = Heads(r.Circuit.ToArray()),
            ["comparison"] = new JsonObject
            {
                ["near_zero"] = Heads(r.Comparison.NearZero),
                ["least"] = Heads(r.Comparison.Least),
                ["random"] = Heads(r.Comparison.Random),
                ["random_seed"] = r.Comparison.Seed,
            },
            ["faithfulness"] = new JsonObject
            {
                ["split"] = r.Data.Validation.Describe(),
                ["full"] = Performance(r.FullValidation),
                ["scopes"] = new JsonArray(r.Faithfulness.Select(f => (JsonNode)new JsonObject
                {
                    ["scope"] = f.Scope,
                    ["heads"] = Heads(f.Heads),
                    ["kept"] = Performance(f.Kept),
                    ["accuracy_faithfulness"] = f.AccuracyFaithfulness,
                    ["margin_faithfulness"] = f.MarginFaithfulness,
                }).ToArray()),
            },
            ["warnings"] = Strings(r.Warnings),
            ["timing_seconds"] = new JsonObject { ["scoring"] = r.ScoringTime.TotalSeconds, ["total"] = r.TotalTime.TotalSeconds },
        };
    }

    private static JsonObject DatasetJson(Data.Dataset d) => new()
    {
        ["name"] = d.Describe(),
        ["source_file"] = d.SourceFile,
        ["sha256"] = d.ContentHash,
        ["examples"] = d.Count,
    };

    private static JsonObject Performance(TaskPerformance p) => new()
    {
        ["accuracy"] = p.Accuracy,
        ["mean_margin"] = p.MeanMargin,
        ["examples"] = p.Examples,
    };

    private static JsonArray Heads(IEnumerable<HeadRef> heads) => new(heads.Select(h => (JsonNode)h.ToString()).ToArray());
    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode)i).ToArray());
    private static JsonArray Ints(IEnumerable<int> items) => new(items.Select(i => (JsonNode)i).ToArray());

    private static JsonArray Matrix(double[,] scores) =>
        new(Enumerable.Range(0, scores.GetLength(0))
            .Select(l => (JsonNode)new JsonArray(Enumerable.Range(0, scores.GetLength(1)).Select(h => (JsonNode)scores[l, h]).ToArray()))
            .ToArray());
}
