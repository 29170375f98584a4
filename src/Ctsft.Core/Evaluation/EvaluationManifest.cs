using System.Text.Json;
using System.Text.Json.Serialization;
using Ctsft.Checkpoints;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Runs;
using Ctsft.Tasks;

namespace Ctsft.Evaluation;

/// <summary>
/// <c>manifest.json</c> of an evaluation run: everything needed to say what was evaluated and to repeat it:
/// the model (source, resolved folder, SHA-256 of its weights, classifier state), the task format (labels,
/// template, label words and their token ids), the data (file and SHA-256), every setting and the
/// conventions where method.md is silent. Written last, in the run envelope (<see cref="RunEnvelope"/>: its
/// settings are <see cref="Settings"/>, its inputs the model's and the data's hashes).
/// </summary>
public sealed record EvaluationManifest(
    string Kind,
    string ToolVersion,
    [property: JsonPropertyName("created_utc")] DateTimeOffset Created,
    ManifestModel Model,
    ManifestTask Task,
    ManifestData Data,
    ManifestSettings Settings,
    IReadOnlyDictionary<string, string> Conventions,
    IReadOnlyList<string> Outputs)
{
    public const string FileName = "manifest.json", Format = "ctsft.eval-manifest";
    public const int FormatVersion = 1;

    public static readonly JsonSerializerOptions JsonOptions = RunJson.Options;

    public string? GitCommit { get; init; } = Reproducibility.ToolVersion.GitCommit;
    public string Status { get; init; } = RunEnvelope.Completed;

    [JsonIgnore]
    public IReadOnlyList<RunInput> Inputs => [new("model", Model.Folder, Model.Sha256), new("data", Data.File, Data.Sha256)];

    public static EvaluationManifest Create(TaskModel model, Dataset dataset, int batchSize, BatchOrder order, int initSeed, DateTimeOffset created,
        IReadOnlyList<string> outputs, IReadOnlyDictionary<string, string>? extraConventions = null, IReadOnlyDictionary<string, string>? columns = null,
        IReadOnlyList<string>? xnliLanguages = null, string? subset = null, Runtime.DeviceSelection? device = null,
        Runtime.Precision precision = Runtime.Precision.Fp32)
    {
        device ??= Runtime.DeviceSelection.Cpu;
        var task = model.Task;
        var config = model.Model.Config;
        var decoder = model.Readout as DecoderReadout;
        var conventions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prediction"] = "argmax of the label logits; ties go to the lower label index",
            ["probabilities"] = decoder is null ? "softmax over the classifier's outputs" : "softmax over the label tokens' logits only",
            ["macro_average"] = ClassificationMetrics.MacroAverage,
            ["zero_division"] = ClassificationMetrics.ZeroDivision,
            ["gold_margin"] = "gold label logit minus the largest other label logit",
            ["padding"] = "right padding; each batch padded to its longest row",
            ["batch_order"] = order == BatchOrder.ByLength
                ? "batches of examples sorted by prompt length (stable); outputs in the data's order"
                : "batches in the data's order",
        };
        foreach (var (key, value) in extraConventions ?? new Dictionary<string, string>()) conventions[key] = value;
        return new EvaluationManifest(
            "eval",
            Reproducibility.ToolVersion.Current,
            created,
            new ManifestModel(model.Pretrained.Spec, model.Pretrained.Folder, ModelHash.OfFolder(model.Pretrained.Folder),
                config.Architecture, config.Kind.ToString().ToLowerInvariant(), config.NumLayers, config.NumAttentionHeads,
                model.Pretrained.Loaded.Report.NewlyInitialised, initSeed, model.HasNewClassifier),
            new ManifestTask(task.Name, task.LabelNames,
                decoder is null ? "encoder: classifier on the pooled first token ([CLS])" : "decoder: label tokens' logits at the last prompt token",
                decoder is null ? null : task.Template.Template, decoder is null ? null : task.LabelWords, decoder?.LabelTokenIds,
                task.MaxLength,
                decoder is null ? $"[CLS] + word pieces + [SEP] cut to {task.MaxLength} tokens (pairs: longest first)"
                    : $"text (with the tokenizer's own special tokens, e.g. Llama 3's BOS, kept in front) cut to {task.MaxLength} minus the template suffix's tokens; the suffix is kept",
                model.Readout.Padding),
            new ManifestData(dataset.Name, dataset.Language, dataset.Split, Path.GetFullPath(dataset.SourceFile), dataset.ContentHash,
                dataset.Count, dataset.LabelCounts(), dataset.Examples.Count(e => model.Readout.PromptTokenCount(e) > task.MaxLength), columns,
                xnliLanguages, subset),
            new ManifestSettings(batchSize, order == BatchOrder.ByLength ? "length" : "input", device.Name, precision == Runtime.Precision.Fp32 ? "float32" : "bf16 products, float32 weights", TorchSharp.torch.get_num_threads(),
                device.GpuName, device.Deterministic),
            conventions,
            outputs);
    }

    /// <summary>This run's envelope for a file of <paramref name="format"/> (the manifest's, or metrics.json's).</summary>
    public RunEnvelope Envelope(string format = Format, int version = FormatVersion) =>
        new(format, version, Kind, Status, JsonSerializer.SerializeToNode(Settings, JsonOptions)!.AsObject(), Inputs, Outputs)
        {
            ToolVersion = ToolVersion,
            GitCommit = GitCommit,
            CreatedUtc = Created,
        };

    public void Write(string path)
    {
        var body = JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
        foreach (var field in RunEnvelope.FieldNames) body.Remove(field);
        RunDocument.Write(path, Envelope(), body);
    }

    public static EvaluationManifest Read(string path)
    {
        var (_, root) = RunDocument.Read(path, Format, FormatVersion);
        try
        {
            return root.Deserialize<EvaluationManifest>(JsonOptions) ?? throw new BadInputException($"{path}: not an evaluation manifest");
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not a complete evaluation manifest ({e.Message})", e);
        }
    }
}

/// <summary>The evaluated model: where it came from, what its weights hash to, and what loading created anew.</summary>
public sealed record ManifestModel(
    string Spec,
    string Folder,
    string Sha256,
    string Architecture,
    string Family,
    int Layers,
    int HeadsPerLayer,
    IReadOnlyList<string> NewlyInitialised,
    int InitSeed,
    bool ClassifierUntrained);

/// <summary>The task format: labels, readout, and for decoders the template and label words with their token ids.</summary>
public sealed record ManifestTask(
    string Name,
    IReadOnlyList<string> LabelNames,
    string Readout,
    string? Template,
    IReadOnlyList<string>? LabelWords,
    IReadOnlyList<long>? LabelTokenIds,
    int MaxLength,
    string Truncation,
    string? Padding = null);

/// <summary>The evaluated data: its file and content hash, size, label counts, how many prompts were truncated, a user file's columns, and XNLI's subset and language set.</summary>
public sealed record ManifestData(
    string Dataset,
    string Language,
    string Split,
    string File,
    string Sha256,
    int Examples,
    IReadOnlyList<int> LabelCounts,
    int Truncated,
    IReadOnlyDictionary<string, string>? Columns = null,
    IReadOnlyList<string>? XnliLanguages = null,
    string? Subset = null);

/// <summary>Inference settings.</summary>
public sealed record ManifestSettings(int BatchSize, string BatchOrder, string Device, string Dtype, int Threads, string? Gpu = null, bool Deterministic = false);
