using Ctsft.Hub;
using Ctsft.Models;
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
    BatchOrder Order = BatchOrder.ByLength);

/// <summary>What a run produced: its folder, the evaluation, the manifest written, and notes for the user.</summary>
public sealed record EvaluationRunResult(string Folder, EvaluationResult Evaluation, EvaluationManifest Manifest, IReadOnlyList<string> Notes);

/// <summary>
/// Loads the data, the model and the task format, evaluates, and writes <c>predictions.jsonl</c>,
/// <c>metrics.json</c> and, last, <c>manifest.json</c> into the run folder, each atomically.
/// </summary>
public static class EvaluationRun
{
    public static readonly IReadOnlyList<string> OutputFiles = [PredictionsFile.FileName, MetricsFile.FileName, RunFolder.ManifestFileName];

    public static EvaluationRunResult Execute(EvaluationRunSettings settings, IProgress<EvaluationProgress>? progress = null,
        HubOptions? hub = null, IProgress<DownloadProgress>? download = null)
    {
        var started = DateTimeOffset.UtcNow;
        var dataset = settings.Task.LoadDataset(settings.DataDir);
        var task = settings.Task.ClassificationTask(dataset.LabelNames);
        var folder = RunFolder.Check(
            settings.OutputFolder ?? RunFolder.Default(Environment.CurrentDirectory, $"eval-{task.Name}-{dataset.Language}-{dataset.Split}", started),
            OutputFiles, settings.Force);

        using var model = TaskModel.Load(settings.Model, task, settings.InitSeed, hub, download);
        var notes = Notes(settings, model);
        var evaluation = TaskEvaluation.Evaluate(model, dataset, settings.BatchSize, progress, settings.Order);

        Directory.CreateDirectory(folder);
        PredictionsFile.Write(Path.Combine(folder, PredictionsFile.FileName), evaluation);
        MetricsFile.Write(Path.Combine(folder, MetricsFile.FileName), evaluation.Metrics);
        var conventions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.Task.IsCustom && settings.Task.Language is null)
            conventions["language"] = $"no --lang given: recorded as '{TaskSelection.UndeterminedLanguage}'";
        if (settings.Task.IsCustom && settings.Task.Template is null && model.Readout.UsesTemplate)
            conventions["template"] = $"no --template given: the custom default '{task.Template.Template}'";
        var manifest = EvaluationManifest.Create(model, dataset, settings.BatchSize, settings.Order, settings.InitSeed, started, OutputFiles, conventions,
            settings.Task.IsCustom ? Columns(settings.Task) : null);
        manifest.Write(Path.Combine(folder, RunFolder.ManifestFileName));
        return new EvaluationRunResult(folder, evaluation, manifest, notes);
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
            notes.Add($"the model has no trained classifier: one was created with seed {initSeed} (--init-seed), so these numbers are an untrained baseline");
        if (!model.Readout.UsesTemplate && (selection.Template is not null || selection.LabelWords is not null))
            notes.Add("--template and --label-words apply to decoders only; this encoder classifies with its classifier");
        return notes;
    }
}
