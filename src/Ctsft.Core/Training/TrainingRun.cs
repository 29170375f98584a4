using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Adapters;
using Ctsft.Checkpoints;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Runs;
using Ctsft.Runtime;
using Ctsft.Scopes;
using Ctsft.Tasks;
using TorchSharp;

namespace Ctsft.Training;

/// <summary>What a finished (or stopped) run reports.</summary>
public sealed record TrainingRunResult(TrainingResult Training, string Folder, long TrainableEntries);

/// <summary>
/// <c>ctsft train</c> as a library call: validates everything first, trains in the run folder's staging folder with
/// a loss log and resumable checkpoints, then writes the fine-tuned model (Hugging Face folder), a circuit patch for
/// restricted scopes (adapter scopes: the adapter in PEFT's format instead) and the run manifest (<c>run.json</c>), and
/// publishes the folder.
/// </summary>
public static class TrainingRun
{
    public const string ManifestFile = "run.json", LossLogFile = "loss.jsonl", ModelFolder = "model", PatchFolder = "patch", CheckpointFolder = "checkpoint",
        AdapterFolder = "adapter";
    public const string Format = "ctsft.train-run";
    public const int FormatVersion = 1;

    /// <param name="beforePublish">Receives the staging folder of a completed run just before it is published, to add files
    /// that must appear with the run (a cache's key); not called for a run that stops.</param>
    public static TrainingRunResult Execute(TrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default,
        Action<string>? beforePublish = null)
    {
        var settings = request.Settings;
        settings.Validate();
        var headsFrom = request.HeadsFrom is null ? null : Training.HeadsFrom.Load(request.HeadsFrom);
        var scope = ResolveScope(request.Scope, headsFrom);
        if (settings.Precision != Precision.Fp32 && scope.Adapter is not null)   // adapters ride on the projections' hooks, which bf16 bypasses
            throw new BadSettingException("precision", $"{{precision}}: {settings.Precision.Name()} does not support scope {scope.Name} (its adapters hook the fp32 projections); use fp32");
        var dataTask = request.File is null ? DataTasks.Get(request.Task) : null;
        var format = request.File is { } file ? ClassificationTask.ForFile(file) : ClassificationTask.For(dataTask!);
        var promptTokens = dataTask?.Key == Xnli.Task.Key ? PromptTokenCounter.Load(request.Model, format) : null;
        var data = TrainingData.Load(request, promptTokens);
        var task = format with { MaxLength = settings.MaxLength };
        var device = request.Device ?? Runtime.DeviceSelection.Cpu;
        using var model = TaskModel.Load(request.Model, task, request.InitSeed, dropout: (settings.HiddenDropout, settings.AttentionDropout), device: device.Device);
        var loadedAdapter = request.Adapter is { } adapterFolder ? PeftAdapterFolder.MergeInto(model.Model, adapterFolder, TrainingRequest.AdapterSetting) : null;
        var match = MatchBudget(request.MatchBudget, scope, model.Model);
        if (match is { } matched) scope = ParameterScope.OfAdapter(matched.Match.Spec);
        scope.Validate(model.Model.Config);
        if (settings.MaxLength > model.Model.Config.MaxPositionEmbeddings)
            throw new BadSettingException("max_length", $"{{max_length}}: {settings.MaxLength} exceeds the model's {model.Model.Config.MaxPositionEmbeddings} positions");
        var folder = new RunFolder(request.Out);
        folder.Prepare(request.Force, request.Resume, resumable: true);

        var baseHash = ModelHash.OfTensors(model.Model.Parameters());
        var selection = scope.Select(model.Model);
        var identity = new RunIdentity(baseHash, scope.ToString(), settings.Masking.ToString().ToLowerInvariant(),
            RecipeText(settings), data.IdsHash);
        var watch = Stopwatch.StartNew();
        TrainingResult result;
        long trainable;
        var fineTunedHash = "";
        using (var binding = new ScopeBinding(model.Model, selection, settings.Masking, settings.Seed))
        {
            trainable = binding.TrainableCount;
            var trainer = new Trainer(model, binding, settings);
            result = trainer.Run(data.Examples, identity, new TrainingCheckpoint(folder.File(CheckpointFolder)), new LossLog(folder.File(LossLogFile)), progress, cancellation);
            if (result.Status == TrainingStatus.Completed)
            {
                binding.MergeInto(model.Model);
                fineTunedHash = ModelHash.OfTensors(model.Model.Parameters());
                if (binding.Adapters is { } adapters)
                    PeftAdapterFolder.Write(folder.File(AdapterFolder), adapters, scope.Adapter!, model.Model, selection.WholeTensors,
                        BaseModelName(request.Model, model.Pretrained.Folder),
                        new AdapterProvenance(baseHash, fineTunedHash, model.Model.Config.Labels, request.InitSeed));
            }
        }
        if (result.Status == TrainingStatus.NonFiniteLoss)
            throw new TrainingStoppedException(
                $"the loss became non-finite at step {result.FailedStep} of {result.TotalSteps}; nothing of that step was applied. " +
                (result.LastGoodCheckpoint > 0
                    ? $"The last good checkpoint (step {result.LastGoodCheckpoint}) is in {folder.File(CheckpointFolder)}."
                    : "No checkpoint was written before it.") +
                " Try a lower learning_rate.");
        if (result.Status == TrainingStatus.Interrupted)
            return new TrainingRunResult(result, folder.Staging, trainable);

        ModelSaver.WriteInto(model.Model, folder.File(ModelFolder), model.Pretrained.Folder);
        var manifest = new TrainingManifest(request with { Scope = scope }, data, model, headsFrom, trainable, baseHash, fineTunedHash, result, watch.Elapsed,
            loadedAdapter, match);
        if (scope.Kind is not (ScopeKind.Full or ScopeKind.Lora or ScopeKind.Ia3))
            CircuitPatch.Save(folder.File(PatchFolder), model.Model, selection, new PatchManifest(
                CircuitPatch.FormatName, request.Model, baseHash, fineTunedHash, model.Model.Config.Labels,
                request.InitSeed, scope.Name, scope.Heads.Select(h => h.ToString()).ToArray(),
                JsonSerializer.SerializeToElement(manifest.Settings()), []));
        new TrainingCheckpoint(folder.File(CheckpointFolder)).Delete();
        manifest.Write(folder.File(ManifestFile));
        beforePublish?.Invoke(folder.Staging);
        folder.Publish();
        return new TrainingRunResult(result, folder.Output, trainable);
    }

    /// <summary>The scope with its heads taken from <paramref name="headsFrom"/> when given (then the scope must be heads without heads of its own).</summary>
    public static ParameterScope ResolveScope(ParameterScope scope, HeadsFrom? headsFrom)
    {
        if (headsFrom is null) return scope;
        if (scope.Kind != ScopeKind.Heads)
            throw new BadSettingException(HeadsFrom.Setting, $"{{heads_from}} gives heads, but {{scope}} is {scope.Name}; heads need scope heads");
        if (scope.Heads.Count > 0)
            throw new BadSettingException(HeadsFrom.Setting, "{heads_from} and {heads} both give heads; give one of them");
        return ParameterScope.OfHeads(headsFrom.Heads);
    }

    /// <summary>The LoRA spec matched to a circuit's budget (<see cref="TrainingRequest.MatchBudget"/>), with the circuit it came from.</summary>
    private static (BudgetMatch Match, HeadsFrom Circuit)? MatchBudget(BudgetMatchRequest? request, ParameterScope scope, TransformerModel model)
    {
        if (request is null) return null;
        if (scope.Adapter is not { Kind: AdapterKind.Lora } template)
            throw new BadSettingException(BudgetMatchRequest.Setting, $"{{{BudgetMatchRequest.Setting}}} picks a LoRA rank; it needs scope lora, not {scope.Name}");
        var circuit = Training.HeadsFrom.Load(request.Circuit, BudgetMatchRequest.Setting);
        circuit.Heads.Validate(model.Config.NumLayers, model.Config.NumAttentionHeads);
        return (AdapterBudget.MatchHeads(model, template, request.TargetsGiven, circuit.Heads), circuit);
    }

    /// <summary>What an adapter's config names as its base: a hub id as given, else the model's local folder.</summary>
    private static string BaseModelName(string spec, string folder) =>
        !Directory.Exists(spec) && !File.Exists(spec) && spec.Count(c => c == '/') == 1 && !spec.StartsWith('.') ? spec : folder;

    /// <summary>The recipe as one line, part of a checkpoint's identity (checkpoint frequency and gradient checkpointing, which change no result, excluded).</summary>
    public static string RecipeText(TrainingSettings s) => JsonSerializer.Serialize(s with { CheckpointEvery = null, GradientCheckpointing = false });
}

/// <summary>A run stopped on a non-finite loss; the message says where the last good checkpoint is.</summary>
public sealed class TrainingStoppedException(string message) : Exception(message);
