using Ctsft.Hub;
using Ctsft.Models;
using Ctsft.Tasks;

namespace Ctsft.Evaluation;

/// <summary>The settings of <c>ctsft model predict</c>: a model source, a text (or pair), and optionally a task format.</summary>
public sealed record TextPredictionSettings(string Model, string Text, string? TextPair = null, TaskSelection? Task = null, int InitSeed = 0, int Top = 10,
    Runtime.DeviceSelection? Device = null);

/// <summary>
/// What the model said: label scores (a task was given, or the model is an encoder with its own labels) or a
/// decoder's most likely next tokens (no task); notes such as an untrained classifier.
/// </summary>
public sealed record TextPredictionOutcome(
    string Model,
    string Folder,
    string Family,
    string? Task,
    LabelScores? Scores,
    IReadOnlyList<TokenScore>? NextTokens,
    IReadOnlyList<string> Notes);

/// <summary>
/// Runs one text through a model from any source. With a task: the task's label scores. Without: an encoder
/// scores its own labels (config.json's id2label); a decoder gives its top next tokens.
/// </summary>
public static class TextPredictionRun
{
    public static TextPredictionOutcome Execute(TextPredictionSettings settings, HubOptions? hub = null, IProgress<DownloadProgress>? download = null)
    {
        if (settings.Task is { } selection)
        {
            var task = selection.ClassificationTask();
            using var model = TaskModel.Load(settings.Model, task, settings.InitSeed, hub, download, device: settings.Device?.Device);
            return LabelOutcome(settings, model, task.Name, EvaluationRun.Notes(model, selection, settings.InitSeed));
        }
        var pretrained = PretrainedModel.Load(settings.Model, new ModelLoadOptions { InitSeed = settings.InitSeed, Device = settings.Device?.Device }, hub, download);
        try
        {
            if (pretrained.Model is IDecoderModel)
            {
                if (settings.TextPair is not null)
                    throw new BadSettingException("text_pair", "{text_pair} needs {task} for a decoder (the task's template places the two texts)");
                var next = TextPrediction.NextTokens(pretrained, settings.Text, settings.Top);
                return new TextPredictionOutcome(settings.Model, pretrained.Folder, "decoder", null, null, next, []);
            }
            var labels = pretrained.Config.Labels ?? throw new InvalidOperationException($"{pretrained.Config.Architecture} has neither an output embedding nor labels");
            var ownLabels = ClassificationTask.Custom("model labels", labels, "{text}");
            using var model = new TaskModel(pretrained, TaskReadout.Create(ownLabels, pretrained.Model, pretrained.Tokenizer));
            pretrained = null;
            return LabelOutcome(settings, model, null, EvaluationRun.Notes(model, new TaskSelection(ownLabels.Name), settings.InitSeed));
        }
        finally
        {
            pretrained?.Dispose();
        }
    }

    private static TextPredictionOutcome LabelOutcome(TextPredictionSettings settings, TaskModel model, string? task, IReadOnlyList<string> notes) =>
        new(settings.Model, model.Pretrained.Folder, model.Model.Config.Kind.ToString().ToLowerInvariant(), task,
            TextPrediction.Classify(model, settings.Text, settings.TextPair), null, notes);
}
