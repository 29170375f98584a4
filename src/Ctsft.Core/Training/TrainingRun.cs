using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Checkpoints;
using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Tasks;
using TorchSharp;

namespace Ctsft.Training;

/// <summary>What a finished (or stopped) run reports.</summary>
public sealed record TrainingRunResult(TrainingResult Training, string Folder, long TrainableEntries);

/// <summary>
/// <c>ctsft train</c> as a library call: validates everything first, trains in a staging folder with a loss log
/// and resumable checkpoints, then writes the fine-tuned model (Hugging Face folder), a circuit patch for
/// restricted scopes and the run manifest, and renames the folder into place.
/// </summary>
public static class TrainingRun
{
    public const string ManifestFile = "run.json", LossLogFile = "loss.jsonl", ModelFolder = "model", PatchFolder = "patch";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static TrainingRunResult Execute(TrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var settings = request.Settings;
        settings.Validate();
        var data = TrainingData.Load(request);
        var task = ClassificationTask.For(Data.DataTasks.Get(request.Task)) with { MaxLength = settings.MaxLength };
        using var model = TaskModel.Load(request.Model, task, request.InitSeed);
        request.Scope.Validate(model.Model.Config);
        if (settings.MaxLength > model.Model.Config.MaxPositionEmbeddings)
            throw new BadInputException($"option --max-length: {settings.MaxLength} exceeds the model's {model.Model.Config.MaxPositionEmbeddings} positions");
        var folder = new RunFolder(request.Out);
        folder.Prepare(request.Force, request.Resume);

        var baseHash = ModelHash.OfTensors(model.Model.Parameters());
        var selection = request.Scope.Select(model.Model);
        var identity = new RunIdentity(baseHash, request.Scope.ToString(), settings.Masking.ToString().ToLowerInvariant(),
            RecipeText(settings), data.IdsHash);
        var watch = Stopwatch.StartNew();
        TrainingResult result;
        long trainable;
        using (var binding = new ScopeBinding(model.Model, selection, settings.Masking))
        {
            trainable = binding.TrainableCount;
            var trainer = new Trainer(model, binding, settings);
            result = trainer.Run(data.Examples, identity, new TrainingCheckpoint(folder.Checkpoint), new LossLog(folder.LossLog), progress, cancellation);
            if (result.Status == TrainingStatus.Completed) binding.MergeInto(model.Model);
        }
        if (result.Status == TrainingStatus.NonFiniteLoss)
            throw new TrainingStoppedException(
                $"the loss became non-finite at step {result.FailedStep} of {result.TotalSteps}; nothing of that step was applied. " +
                (result.LastGoodCheckpoint > 0
                    ? $"The last good checkpoint (step {result.LastGoodCheckpoint}) is in {folder.Checkpoint}."
                    : "No checkpoint was written before it.") +
                " Try a lower --lr.");
        if (result.Status == TrainingStatus.Interrupted)
            return new TrainingRunResult(result, folder.Staging, trainable);

        var fineTunedHash = ModelHash.OfTensors(model.Model.Parameters());
        ModelSaver.WriteInto(model.Model, Path.Combine(folder.Staging, ModelFolder), model.Pretrained.Folder);
        var manifest = Manifest(request, data, model, selection, trainable, baseHash, fineTunedHash, result, watch.Elapsed);
        if (request.Scope.Kind != ScopeKind.Full)
            CircuitPatch.Save(Path.Combine(folder.Staging, PatchFolder), model.Model, selection, new PatchManifest(
                CircuitPatch.FormatName, request.Model, baseHash, fineTunedHash, model.Model.Config.Labels,
                request.InitSeed, request.Scope.Name, request.Scope.Heads.Select(h => h.ToString()).ToArray(),
                JsonSerializer.SerializeToElement(manifest["settings"]), []));
        new TrainingCheckpoint(folder.Checkpoint).Delete();
        File.WriteAllText(Path.Combine(folder.Staging, ManifestFile), manifest.ToJsonString(Json));
        folder.Publish();
        return new TrainingRunResult(result, folder.Output, trainable);
    }

    /// <summary>The recipe as one line, part of a checkpoint's identity (checkpoint frequency excluded).</summary>
    public static string RecipeText(TrainingSettings s) => JsonSerializer.Serialize(s with { CheckpointEvery = null });

    private static JsonObject Manifest(TrainingRequest request, TrainingData data, TaskModel model, ScopeSelection selection,
        long trainable, string baseHash, string fineTunedHash, TrainingResult result, TimeSpan elapsed)
    {
        var s = request.Settings;
        var budget = ScopeBudget.Of(model.Model, request.Scope);
        return new JsonObject
        {
            ["format"] = "ctsft-train-run/1",
            ["created_utc"] = DateTime.UtcNow.ToString("O"),
            ["model"] = new JsonObject
            {
                ["spec"] = request.Model,
                ["folder"] = model.Pretrained.Folder,
                ["architecture"] = model.Model.Config.Architecture,
                ["base_hash"] = baseHash,
                ["fine_tuned_hash"] = fineTunedHash,
                ["init_seed"] = request.InitSeed,
            },
            ["data"] = new JsonObject
            {
                ["task"] = request.Task,
                ["language"] = request.Language,
                ["padding"] = model.Readout.Padding,
                ["file"] = data.Dataset.SourceFile,
                ["content_hash"] = data.Dataset.ContentHash,
                ["pool"] = data.Pool,
                ["pool_default"] = request.Pool is null ? "A for the proxy language, B otherwise" : null,
                ["n"] = data.N,
                ["split_seed"] = request.SplitSeed,
                ["sample_seed"] = request.SampleSeed,
                ["ids_hash"] = data.IdsHash,
                ["ids"] = new JsonArray(data.Examples.Select(e => (JsonNode?)e.Id).ToArray()),
            },
            ["scope"] = new JsonObject
            {
                ["kind"] = request.Scope.Name,
                ["heads"] = new JsonArray(request.Scope.Heads.Select(h => (JsonNode?)h.ToString()).ToArray()),
                ["masking"] = s.Masking.ToString().ToLowerInvariant(),
                ["trainable_entries"] = trainable,
                ["distinct_trainable"] = budget.DistinctTrainable,
                ["distinct_total"] = budget.DistinctTotal,
                ["paper_trainable"] = budget.PaperTrainable,
                ["paper_total"] = budget.PaperTotal,
                ["paper_percent"] = budget.PaperPercent,
                ["frozen"] = request.Scope.Kind == ScopeKind.Full ? "nothing" : "everything else, including the classifier/pooler (encoder) and the output embedding (decoder)",
                ["gradient_masking_tensors"] = "every attention projection weight and bias of every layer (masking=gradient only)",
            },
            ["settings"] = new JsonObject
            {
                ["learning_rate"] = s.LearningRate,
                ["epochs"] = s.Epochs,
                ["batch_size"] = s.BatchSize,
                ["max_length"] = s.MaxLength,
                ["optimizer"] = "AdamW (decoupled weight decay), state for trainable entries only",
                ["weight_decay"] = s.WeightDecay,
                ["beta1"] = s.Beta1,
                ["beta2"] = s.Beta2,
                ["epsilon"] = s.Epsilon,
                ["schedule"] = "linear decay to zero, no warm-up",
                ["max_grad_norm"] = s.MaxGradNorm,
                ["precision"] = "float32",
                ["seed"] = s.Seed,
                ["shuffle"] = "SplitMix64 permutation per epoch, sub-seed training/shuffle/epoch-<e>",
                ["dropout"] = "model config rates, training only; torch.manual_seed per step from sub-seed training/dropout/step-<t>",
                ["checkpoint_every"] = s.CheckpointEvery is { } every ? every : "epoch",
                ["torch_threads"] = torch.get_num_threads(),
            },
            ["result"] = new JsonObject
            {
                ["status"] = result.Status.ToString().ToLowerInvariant(),
                ["steps"] = result.StepsDone,
                ["resumed_from_step"] = result.ResumedFrom,
                ["final_loss"] = result.LastLoss,
                ["seconds_this_process"] = elapsed.TotalSeconds,
            },
            ["outputs"] = new JsonObject
            {
                ["model"] = ModelFolder,
                ["patch"] = request.Scope.Kind == ScopeKind.Full ? null : PatchFolder,
                ["loss_log"] = LossLogFile,
            },
        };
    }
}

/// <summary>A run stopped on a non-finite loss; the message says where the last good checkpoint is.</summary>
public sealed class TrainingStoppedException(string message) : Exception(message);
