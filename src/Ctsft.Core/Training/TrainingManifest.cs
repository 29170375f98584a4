using System.Text.Json.Nodes;
using Ctsft.Adapters;
using Ctsft.Models;
using Ctsft.Runs;
using Ctsft.Scopes;
using Ctsft.Tasks;
using TorchSharp;

namespace Ctsft.Training;

/// <summary>
/// <c>run.json</c> of a training run: the run envelope (settings, input hashes, status, outputs), then the model
/// (source, base and fine-tuned hashes), the data (file, hash, pool, n, seeds, ids), the scope with its budget and
/// where its heads came from, and the result. <see cref="TrainingRunFile"/> reads it back.
/// </summary>
public sealed class TrainingManifest(TrainingRequest request, TrainingData data, TaskModel model, HeadsFrom? headsFrom,
    long trainable, string baseHash, string fineTunedHash, TrainingResult result, TimeSpan elapsed,
    PeftAdapterSummary? loadedAdapter = null, (BudgetMatch Match, HeadsFrom Circuit)? match = null)
{
    public void Write(string path) => RunDocument.Write(path, Envelope(), Body());

    public RunEnvelope Envelope()
    {
        var inputs = new List<RunInput>
        {
            new("model", model.Pretrained.Folder, baseHash),
            new("data", data.Dataset.SourceFile, data.Dataset.ContentHash),
        };
        if (headsFrom is not null) inputs.Add(new RunInput(HeadsFrom.Setting, headsFrom.File, headsFrom.Sha256));
        if (loadedAdapter is not null)
            inputs.Add(new RunInput("adapter", Path.Combine(loadedAdapter.Folder, PeftAdapterFolder.WeightsFile), loadedAdapter.WeightsSha256));
        if (match is { } m) inputs.Add(new RunInput(BudgetMatchRequest.Setting, m.Circuit.File, m.Circuit.Sha256));
        IReadOnlyList<string> outputs = request.Scope.Kind switch
        {
            ScopeKind.Full => [TrainingRun.ModelFolder, TrainingRun.LossLogFile],
            ScopeKind.Lora or ScopeKind.Ia3 => [TrainingRun.ModelFolder, TrainingRun.AdapterFolder, TrainingRun.LossLogFile],
            _ => [TrainingRun.ModelFolder, TrainingRun.PatchFolder, TrainingRun.LossLogFile],
        };
        return new RunEnvelope(TrainingRun.Format, TrainingRun.FormatVersion, "train", result.Status.ToString().ToLowerInvariant(),
            Settings(), inputs, outputs);
    }

    public JsonObject Settings()
    {
        var s = request.Settings;
        return new JsonObject
        {
            ["learning_rate"] = s.LearningRate,
            ["epochs"] = s.Epochs,
            ["batch_size"] = s.BatchSize,
            ["max_length"] = s.MaxLength,
            ["optimizer"] = "AdamW (decoupled weight decay), state for trainable entries only",
            ["weight_decay"] = s.WeightDecay,
            ["weight_decay_applies_to"] = WeightDecayGroups.Describe(s),
            ["decay_norms_and_biases"] = s.DecayNormsAndBiases,
            ["beta1"] = s.Beta1,
            ["beta2"] = s.Beta2,
            ["epsilon"] = s.Epsilon,
            ["schedule"] = "linear decay to zero, no warm-up",
            ["max_grad_norm"] = s.MaxGradNorm,
            ["precision"] = s.Precision == Runtime.Precision.Fp32 ? "float32"
                : "bf16: bfloat16 products in the layers' linear projections (cast per call); float32 master weights, gradients, AdamW state, loss, softmax, norms and attention",
            ["seed"] = s.Seed,
            ["shuffle"] = "SplitMix64 permutation per epoch, sub-seed training/shuffle/epoch-<e>",
            ["dropout"] = "training only; torch.manual_seed per step from sub-seed training/dropout/step-<t>",
            ["hidden_dropout"] = s.HiddenDropout is { } hidden ? hidden : "model config",
            ["attention_dropout"] = s.AttentionDropout is { } attention ? attention : "model config",
            ["optimizer_skips_tensors_without_gradient"] = true,
            ["checkpoint_every"] = s.CheckpointEvery is { } every ? every : "epoch",
            ["gradient_checkpointing"] = s.GradientCheckpointing,
            ["torch_threads"] = torch.get_num_threads(),
            ["device"] = (request.Device ?? Runtime.DeviceSelection.Cpu).ToJson(),
            ["xnli_languages"] = data.XnliLanguages is null ? null : new JsonArray(data.XnliLanguages.Select(l => (JsonNode?)l).ToArray()),
        };
    }

    /// <summary>An adapter scope's settings, entries, the PEFT folder written and, with a budget match, both counts and the rule.</summary>
    private JsonObject? AdapterJson()
    {
        if (request.Scope.Adapter is not { } spec) return null;
        var json = new JsonObject
        {
            ["kind"] = spec.Name,
            ["targets"] = new JsonArray(spec.Targets.Select(t => (JsonNode?)t.Name()).ToArray()),
            ["modules"] = new JsonArray(Enumerable.Range(0, model.Model.Config.NumLayers)
                .SelectMany(l => spec.Targets.Select(t => (JsonNode?)model.Model.Config.ProjectionModules(l)[t])).ToArray()),
            ["rank"] = spec.Kind == AdapterKind.Lora ? spec.Rank : null,
            ["alpha"] = spec.Kind == AdapterKind.Lora ? spec.EffectiveAlpha : null,
            ["alpha_default"] = spec.Kind == AdapterKind.Lora && spec.Alpha is null ? "alpha = r (scaling 1)" : null,
            ["scaling"] = spec.Kind == AdapterKind.Lora ? spec.Scaling : null,
            ["dropout"] = spec.Kind == AdapterKind.Lora ? spec.Dropout : null,
            ["feed_forward_targets"] = spec.Kind == AdapterKind.Ia3 ? new JsonArray(spec.Targets.Where(AdapterSpec.IsFeedForward).Select(t => (JsonNode?)t.Name()).ToArray()) : null,
            ["with_norms"] = spec.WithNorms,
            ["adapter_entries"] = AdapterBudget.AdapterEntries(model.Model, spec),
            ["init"] = spec.Kind == AdapterKind.Lora
                ? $"A Kaiming-uniform (a = sqrt 5, i.e. U(-1/sqrt(in), 1/sqrt(in))) from sub-seed {Reproducibility.SeedPurposes.AdapterInit}/<module>/lora_A of the training seed; B zero"
                : "ones",
            ["peft_folder"] = TrainingRun.AdapterFolder,
        };
        if (match is { } m)
            json["budget_match"] = new JsonObject
            {
                ["circuit_file"] = m.Circuit.File,
                ["circuit_sha256"] = m.Circuit.Sha256,
                ["circuit_set"] = m.Circuit.Set,
                ["circuit_heads"] = new JsonArray(m.Circuit.Heads.Select(h => (JsonNode?)h.ToString()).ToArray()),
                ["circuit_trainable"] = m.Match.CircuitTrainable,
                ["lora_trainable"] = m.Match.AdapterTrainable,
                ["rule"] = m.Match.Rule,
            };
        return json;
    }

    private JsonObject Body()
    {
        var budget = ScopeBudget.Of(model.Model, request.Scope);
        return new JsonObject
        {
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
                ["subset"] = data.XnliLanguages is null ? null : Data.Protocol.XnliLanguageSet.Describe(data.XnliLanguages) + "; training rows = the language's train subset",
                ["user_file"] = request.File?.Describe(),
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
                ["heads_from"] = headsFrom is null ? null : new JsonObject
                {
                    ["file"] = headsFrom.File,
                    ["sha256"] = headsFrom.Sha256,
                    ["set"] = headsFrom.Set,
                    ["discovered_on_model_hash"] = headsFrom.DiscoveredOnModel,
                },
                ["masking"] = request.Settings.Masking.ToString().ToLowerInvariant(),
                ["trainable_entries"] = trainable,
                ["distinct_trainable"] = budget.DistinctTrainable,
                ["distinct_total"] = budget.DistinctTotal,
                ["paper_trainable"] = budget.PaperTrainable,
                ["paper_total"] = budget.PaperTotal,
                ["paper_percent"] = budget.PaperPercent,
                ["frozen"] = request.Scope.Kind == ScopeKind.Full ? "nothing" : "everything else, including the classifier/pooler (encoder) and the output embedding (decoder)",
                ["gradient_masking_tensors"] = "every attention projection weight and bias of every layer (masking=gradient only)",
                ["adapter"] = AdapterJson(),
            },
            ["loaded_adapter"] = loadedAdapter is null ? null : new JsonObject
            {
                ["folder"] = loadedAdapter.Folder,
                ["kind"] = loadedAdapter.Kind.ToString().ToLowerInvariant(),
                ["modules"] = loadedAdapter.Modules,
                ["weights_sha256"] = loadedAdapter.WeightsSha256,
                ["merged"] = "into the model before training; base_hash is the merged model's",
            },
            ["result"] = new JsonObject
            {
                ["status"] = result.Status.ToString().ToLowerInvariant(),
                ["steps"] = result.StepsDone,
                ["resumed_from_step"] = result.ResumedFrom,
                ["final_loss"] = result.LastLoss,
                ["seconds_this_process"] = elapsed.TotalSeconds,
            },
        };
    }
}

/// <summary>What a <c>run.json</c> holds that later runs use.</summary>
public sealed record TrainingRunFile(
    RunEnvelope Envelope,
    string BaseHash,
    string FineTunedHash,
    string Task,
    string Language,
    int N,
    string Scope,
    HeadSet Heads,
    string? HeadsFromFile,
    string? HeadsFromSet,
    long TrainableEntries,
    long Steps,
    double? FinalLoss)
{
    /// <summary>Reads a run.json written by <see cref="TrainingManifest"/>; a wrong format or missing field names the file.</summary>
    public static TrainingRunFile Read(string path)
    {
        var (envelope, root) = RunDocument.Read(path, TrainingRun.Format, TrainingRun.FormatVersion);
        try
        {
            var scope = root["scope"]!;
            var from = scope["heads_from"];
            return new TrainingRunFile(envelope,
                root["model"]!["base_hash"]!.GetValue<string>(),
                root["model"]!["fine_tuned_hash"]!.GetValue<string>(),
                root["data"]!["task"]!.GetValue<string>(),
                root["data"]!["language"]!.GetValue<string>(),
                root["data"]!["n"]!.GetValue<int>(),
                scope["kind"]!.GetValue<string>(),
                new HeadSet(scope["heads"]!.AsArray().Select(h => HeadRef.Parse(h!.GetValue<string>()))),
                from?["file"]?.GetValue<string>(),
                from?["set"]?.GetValue<string>(),
                scope["trainable_entries"]!.GetValue<long>(),
                root["result"]!["steps"]!.GetValue<long>(),
                root["result"]!["final_loss"]?.GetValue<double>());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new BadInputException($"{path}: not a complete training run file ({e.Message})", e);
        }
    }
}
