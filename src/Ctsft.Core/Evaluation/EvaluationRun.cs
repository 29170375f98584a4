using Ctsft.Hub;
using Ctsft.Models;
using Ctsft.Runs;
using Ctsft.Tasks;

namespace Ctsft.Evaluation;

/// <summary>The settings of one evaluation run (<c>ctsft eval</c>).</summary>
/// <param name="Model">Any model source: a folder, a built-in name (<c>minilm</c>) or a hub id.</param>
/// <param name="DataDir">The resolved dataset folder (built-in tasks).</param>
/// <param name="OutputFolder">Null: <c>runs/eval-&lt;task&gt;-&lt;lang&gt;-&lt;split&gt;-&lt;time&gt;</c> under the current folder.</param>
/// <param name="InitSeed">Seed of a classifier an encoder checkpoint lacks.</param>
/// <param name="Order">How examples are grouped into batches (never changes a prediction).</param>
public sealed record EvaluationRunSettings(
    string Model,
    TaskSelection Task,
    string DataDir,
    int BatchSize = TaskEvaluation.DefaultBatchSize,
    string? OutputFolder = null,
    bool Force = false,
    int InitSeed = 0,
    BatchOrder Order = BatchOrder.ByLength,
    Runtime.DeviceSelection? Device = null,
    string? Adapter = null,
    Runtime.Precision Precision = Runtime.Precision.Fp32);

/// <summary>What a run produced: its folder, the evaluation, the manifest written, and notes for the user.</summary>
public sealed record EvaluationRunResult(string Folder, EvaluationResult Evaluation, EvaluationManifest Manifest, IReadOnlyList<string> Notes);

/// <summary>
/// Loads the data, the model and the task format, evaluates, and writes <c>predictions.jsonl</c>, <c>metrics.json</c>
/// and, last, <c>manifest.json</c> into the run folder's staging folder, which is published when complete
/// (<see cref="RunFolder"/>: a folder holding another run is refused unless forced).
/// </summary>
public static class EvaluationRun
{
    public static readonly IReadOnlyList<string> OutputFiles = [PredictionsFile.FileName, MetricsFile.FileName, EvaluationManifest.FileName];

    public static EvaluationRunResult Execute(EvaluationRunSettings settings, IProgress<EvaluationProgress>? progress = null,
        HubOptions? hub = null, IProgress<DownloadProgress>? download = null, CancellationToken cancellation = default)
    {
        var started = DateTimeOffset.UtcNow;
        var selection = settings.Task;
        var promptTokens = selection.IsXnliSubset
            ? PromptTokenCounter.Load(settings.Model, Tasks.ClassificationTask.For(Data.Xnli.Task), hub, download)
            : null;
        var dataset = selection.LoadDataset(settings.DataDir, promptTokens);
        var task = selection.ClassificationTask(dataset.LabelNames);
        var folder = new RunFolder(settings.OutputFolder
            ?? RunFolder.Default(Environment.CurrentDirectory, $"eval-{task.Name}-{dataset.Language}-{dataset.Split.Replace('/', '-')}", started));
        if (settings.BatchSize < 1) throw new BadSettingException("batch_size", $"{{batch_size}} must be at least 1, got {settings.BatchSize}");

        var device = settings.Device ?? Runtime.DeviceSelection.Cpu;
        using var model = TaskModel.Load(settings.Model, task, settings.InitSeed, hub, download, device: device.Device);
        var adapter = settings.Adapter is { } adapterFolder ? Adapters.PeftAdapterFolder.MergeInto(model.Model, adapterFolder, Training.TrainingRequest.AdapterSetting) : null;
        var notes = Notes(settings, model);
        folder.Prepare(settings.Force);
        try
        {
            EvaluationResult evaluation;
            using (Runtime.MixedPrecision.Use(settings.Precision))
                evaluation = TaskEvaluation.Evaluate(model, dataset, settings.BatchSize, progress, settings.Order, cancellation);
            var conventions = new Dictionary<string, string>(StringComparer.Ordinal);
            if (adapter is not null)
                conventions["adapter"] = $"{adapter.Kind.ToString().ToUpperInvariant()} adapter {adapter.Folder} (adapter_model.safetensors sha256 {adapter.WeightsSha256}) merged into the model before evaluating";
            if (selection.IsCustom && selection.Language is null)
                conventions["language"] = $"no language given: recorded as '{TaskSelection.UndeterminedLanguage}'";
            if (selection.IsCustom && selection.Template is null && model.Readout.UsesTemplate)
                conventions["template"] = $"no template given: the custom default '{task.Template.Template}'";
            var xnli = selection.Task.Equals(Data.Xnli.Task.Key, StringComparison.OrdinalIgnoreCase);
            var manifest = EvaluationManifest.Create(model, dataset, settings.BatchSize, settings.Order, settings.InitSeed, started, OutputFiles, conventions,
                selection.IsCustom ? Columns(selection) : null,
                selection.IsXnliSubset ? selection.ResolvedXnliLanguages : null,
                !xnli ? null : selection.IsXnliSubset
                    ? $"{Data.Protocol.XnliLanguageSet.Describe(selection.ResolvedXnliLanguages)} under the model's tokenizer; the protocol's {selection.Split} subset (split seed {selection.SplitSeed})"
                    : $"the whole official {selection.Split} split (full_split)",
                device, settings.Precision);
            PredictionsFile.Write(folder.File(PredictionsFile.FileName), evaluation);
            MetricsFile.Write(folder.File(MetricsFile.FileName), evaluation.Metrics, manifest.Envelope());
            manifest.Write(folder.File(EvaluationManifest.FileName));
            folder.Publish();
            return new EvaluationRunResult(folder.Output, evaluation, manifest, notes);
        }
        catch
        {
            folder.Abandon();
            throw;
        }
    }

    private static Dictionary<string, string> Columns(TaskSelection task)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal) { ["text"] = task.TextColumn, ["label"] = task.LabelColumn };
        if (task.TextPairColumn is not null) columns["text_pair"] = task.TextPairColumn;
        if (task.IdColumn is not null) columns["id"] = task.IdColumn;
        return columns;
    }

    /// <summary>What the user should know about this model and task format (untrained classifier, ignored options).</summary>
    public static IReadOnlyList<string> Notes(EvaluationRunSettings settings, TaskModel model) =>
        Notes(model, settings.Task, settings.InitSeed);

    public static IReadOnlyList<string> Notes(TaskModel model, TaskSelection selection, int initSeed)
    {
        var notes = new List<string>();
        if (model.HasNewClassifier)
            notes.Add($"the model has no trained classifier: one was created with seed {initSeed} (init_seed), so these numbers are an untrained baseline");
        if (!model.Readout.UsesTemplate && (selection.Template is not null || selection.LabelWords is not null))
            notes.Add("template and label_words apply to decoders only; this encoder classifies with its classifier");
        return notes;
    }
}
