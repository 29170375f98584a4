using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Checkpoints;
using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Adapters;

/// <summary>What a PEFT adapter folder held and what merging it changed.</summary>
public sealed record PeftAdapterSummary(string Folder, AdapterKind Kind, int Modules, long AdapterEntries, IReadOnlyList<string> SavedModuleTensors,
    int? Rank, double? Alpha, string WeightsSha256, string? BaseModelSha256);

/// <summary>What ctsft records about an adapter beside PEFT's layout (safetensors metadata).</summary>
public sealed record AdapterProvenance(string? BaseModelSha256, string? MergedModelSha256, IReadOnlyList<string>? Labels, int? InitSeed)
{
    public Dictionary<string, string> Metadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (BaseModelSha256 is not null) metadata[PeftAdapterFolder.BaseHashMetadata] = BaseModelSha256;
        if (MergedModelSha256 is not null) metadata[PeftAdapterFolder.MergedHashMetadata] = MergedModelSha256;
        if (Labels is not null) metadata[PeftAdapterFolder.LabelsMetadata] = JsonSerializer.Serialize(Labels);
        if (InitSeed is { } seed) metadata[PeftAdapterFolder.InitSeedMetadata] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return metadata;
    }
}

/// <summary>
/// PEFT's saved adapter: <c>adapter_config.json</c> (LoRA: <c>peft_type</c> "LORA", <c>r</c>, <c>lora_alpha</c>,
/// <c>lora_dropout</c>, <c>target_modules</c>, <c>fan_in_fan_out</c>, <c>bias</c>, <c>modules_to_save</c>, ...; IA3:
/// <c>peft_type</c> "IA3", <c>target_modules</c>, <c>feedforward_modules</c>, ...) and <c>adapter_model.safetensors</c>
/// with keys <c>base_model.model.&lt;module&gt;.lora_A.weight</c> / <c>.lora_B.weight</c> / <c>.ia3_l</c> and
/// <c>base_model.model.&lt;module&gt;.modules_to_save.&lt;tensor&gt;</c> for whole modules trained beside the adapter
/// (here: the norms). Python loads it with <c>PeftModel.from_pretrained(base, folder)</c>.
/// </summary>
public static class PeftAdapterFolder
{
    public const string ConfigFile = "adapter_config.json", WeightsFile = "adapter_model.safetensors";
    public const string BaseHashMetadata = "ctsft_base_model_sha256", MergedHashMetadata = "ctsft_merged_model_sha256",
        LabelsMetadata = "ctsft_labels", InitSeedMetadata = "ctsft_init_seed";
    private const string SavedModule = ".modules_to_save.";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static bool IsAdapterFolder(string folder) => File.Exists(Path.Combine(folder, ConfigFile));

    /// <summary>
    /// Writes the folder (staged, then renamed into place): the adapter's tensors, the trained norms of
    /// <paramref name="normParameters"/> as <c>modules_to_save</c>, and the config naming <paramref name="baseModel"/>.
    /// ctsft's provenance (the base and merged models' hashes, a created classifier's labels and seed) goes into the
    /// safetensors metadata, which PEFT ignores, so that <c>patch apply</c> can check the base and rebuild the merged model.
    /// </summary>
    public static void Write(string folder, ModelAdapters adapters, AdapterSpec spec, TransformerModel model, IReadOnlyList<string> normParameters,
        string baseModel, AdapterProvenance provenance)
    {
        var parameters = model.Parameters();
        var adapted = adapters.Layers.Select(l => l.Module).ToArray();
        var linears = ModelAdapters.Linears(model).Keys.ToArray();
        var normModules = normParameters.Select(ModuleOf).Distinct(StringComparer.Ordinal).ToArray();
        var allModules = model.named_modules().Select(m => m.name).Where(n => n.Length > 0).ToArray();
        var config = new JsonObject
        {
            ["peft_type"] = spec.Kind == AdapterKind.Lora ? "LORA" : "IA3",
            ["task_type"] = model.Config.Kind == ModelKind.Encoder ? "SEQ_CLS" : "CAUSAL_LM",
            ["base_model_name_or_path"] = baseModel,
            ["revision"] = null,
            ["inference_mode"] = true,
            ["target_modules"] = PeftModuleNames.Describe(adapted, linears),
        };
        if (spec.Kind == AdapterKind.Lora)
        {
            config["r"] = spec.Rank;
            config["lora_alpha"] = spec.EffectiveAlpha == Math.Floor(spec.EffectiveAlpha) ? (JsonNode)(long)spec.EffectiveAlpha : spec.EffectiveAlpha;
            config["lora_dropout"] = spec.Dropout;
            config["bias"] = "none";
            config["init_lora_weights"] = true;
            config["use_rslora"] = false;
            config["use_dora"] = false;
            config["layers_to_transform"] = null;
            config["layers_pattern"] = null;
            config["rank_pattern"] = new JsonObject();
            config["alpha_pattern"] = new JsonObject();
        }
        else
        {
            var feedForward = adapters.Layers.OfType<Ia3Linear>().Where(l => l.FeedForward).Select(l => l.Module).ToArray();
            config["feedforward_modules"] = PeftModuleNames.Describe(feedForward, adapted);
            config["init_ia3_weights"] = true;
        }
        config["fan_in_fan_out"] = false;
        config["modules_to_save"] = normModules.Length == 0 ? null : PeftModuleNames.Describe(normModules, allModules);

        using var scope = NewDisposeScope();
        var tensors = adapters.Tensors.ToDictionary(t => t.Key, t => t.Value.detach().contiguous(), StringComparer.Ordinal);
        foreach (var name in normParameters)
            tensors[LinearAdapter.KeyPrefix + ModuleOf(name) + SavedModule + name[(name.LastIndexOf('.') + 1)..]] = parameters[name].detach().contiguous();
        AtomicFolder.Write(folder, staging =>
        {
            SafetensorsWriter.Write(Path.Combine(staging, WeightsFile), tensors, provenance.Metadata());
            File.WriteAllText(Path.Combine(staging, ConfigFile), config.ToJsonString(Indented));
        });
    }

    /// <summary>
    /// Merges the adapter of <paramref name="folder"/> into <paramref name="model"/> (PEFT's merge: W + (alpha / r) B A, or the
    /// IA3 scaling) and copies its saved modules. A folder written by ctsft for another base model is refused.
    /// </summary>
    /// <param name="setting">The setting that named the folder, named in the error when it is no adapter folder.</param>
    public static PeftAdapterSummary MergeInto(TransformerModel model, string folder, string? setting = null)
    {
        var configPath = Path.Combine(folder, ConfigFile);
        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!File.Exists(configPath)) throw Missing($"{folder}: not a PEFT adapter folder (no {ConfigFile})");
        if (!File.Exists(weightsPath)) throw Missing($"{folder}: no {WeightsFile} (only safetensors adapters are read)");

        Exception Missing(string message) => setting is null ? new BadInputException(message) : new BadSettingException(setting, $"{{{setting}}}: {message}");
        var config = ReadConfig(configPath);
        var kind = (config["peft_type"]?.GetValue<string>() ?? "").ToUpperInvariant() switch
        {
            "LORA" => AdapterKind.Lora,
            "IA3" => AdapterKind.Ia3,
            var other => throw new BadInputException($"{configPath}: peft_type '{other}' is not supported; ctsft reads LORA and IA3 adapters"),
        };
        Refuse(configPath, config, "fan_in_fan_out", n => n.GetValue<bool>(), "weights stored (fan_in, fan_out) are not used by these model families");
        Refuse(configPath, config, "use_dora", n => n.GetValue<bool>(), "DoRA adapters are not supported");
        Refuse(configPath, config, "bias", n => n.GetValue<string>() != "none", "trained biases (bias other than 'none') are not supported");
        Refuse(configPath, config, "rank_pattern", n => n is JsonObject o && o.Count > 0, "per-module ranks are not supported");
        Refuse(configPath, config, "alpha_pattern", n => n is JsonObject o && o.Count > 0, "per-module alphas are not supported");

        using var file = SafetensorsFile.Open(weightsPath);
        var baseHash = file.Metadata.TryGetValue(BaseHashMetadata, out var recorded) ? recorded : null;
        if (baseHash is not null)
        {
            var hash = ModelHash.OfTensors(model.Parameters());
            if (hash != baseHash)
                throw new BadInputException($"{folder}: the adapter was trained on base weights {baseHash[..12]}…, this model has {hash[..12]}…");
        }
        var linears = ModelAdapters.Linears(model);
        var parameters = model.Parameters();
        var suffixes = kind == AdapterKind.Lora ? new[] { ".lora_A.weight", ".lora_B.weight" } : [".ia3_l"];
        var modules = new SortedSet<string>(StringComparer.Ordinal);
        var saved = new List<(string Key, string Parameter)>();
        foreach (var key in file.Names)
        {
            if (!key.StartsWith(LinearAdapter.KeyPrefix, StringComparison.Ordinal))
                throw new BadInputException($"{weightsPath}: key '{key}' does not start with '{LinearAdapter.KeyPrefix}' (PEFT's saved layout)");
            var path = key[LinearAdapter.KeyPrefix.Length..];
            if (path.IndexOf(SavedModule, StringComparison.Ordinal) is var at and >= 0)
            {
                var parameter = path[..at] + "." + path[(at + SavedModule.Length)..];
                if (!parameters.ContainsKey(parameter))
                    throw new BadInputException($"{weightsPath}: '{key}' saves '{parameter}', which the model lacks");
                saved.Add((key, parameter));
                continue;
            }
            var suffix = suffixes.FirstOrDefault(s => path.EndsWith(s, StringComparison.Ordinal))
                ?? throw new BadInputException($"{weightsPath}: key '{key}' is not a {(kind == AdapterKind.Lora ? "LoRA" : "IA3")} tensor ({string.Join(", ", suffixes)}) or a saved module");
            var module = path[..^suffix.Length];
            if (!linears.ContainsKey(module))
                throw new BadInputException($"{weightsPath}: '{key}' adapts '{module}', which is not a linear module of this model");
            modules.Add(module);
        }
        int? rank = null;
        double? alpha = null;
        double scaling = 1;
        if (kind == AdapterKind.Lora && modules.Count > 0)
        {
            rank = config["r"]?.GetValue<int>() ?? throw new BadInputException($"{configPath}: no 'r'");
            alpha = config["lora_alpha"]?.GetValue<double>() ?? throw new BadInputException($"{configPath}: no 'lora_alpha'");
            scaling = config["use_rslora"]?.GetValue<bool>() == true ? alpha.Value / Math.Sqrt(rank.Value) : alpha.Value / rank.Value;
        }
        var feedForward = config["feedforward_modules"];
        using var adapters = ModelAdapters.Of(model, kind, modules.ToArray(), rank ?? 1, scaling, m => PeftModuleNames.Matches(feedForward, m));
        foreach (var layer in adapters.Layers) layer.Load(file.ReadTensor, weightsPath);
        adapters.Merge();
        using (var noGrad = no_grad())
            foreach (var (key, parameter) in saved)
            {
                using var value = file.ReadTensor(key);
                var target = parameters[parameter];
                if (!value.shape.SequenceEqual(target.shape))
                    throw new BadInputException($"{weightsPath}: '{key}' has shape [{string.Join(",", value.shape)}], the model's '{parameter}' is [{string.Join(",", target.shape)}]");
                target.copy_(value);
            }
        return new PeftAdapterSummary(Path.GetFullPath(folder), kind, modules.Count, adapters.Count, saved.Select(s => s.Parameter).ToArray(), rank, alpha,
            Runs.RunDocument.FileHash(weightsPath), baseHash);
    }

    /// <summary>ctsft's provenance from an adapter's metadata (all null for an adapter written by PEFT).</summary>
    public static AdapterProvenance Provenance(string folder)
    {
        var path = Path.Combine(folder, WeightsFile);
        if (!File.Exists(path)) throw new BadInputException($"{folder}: no {WeightsFile}");
        using var file = SafetensorsFile.Open(path);
        var metadata = file.Metadata;
        string? Get(string key) => metadata.TryGetValue(key, out var value) ? value : null;
        var labels = Get(LabelsMetadata) is { } json ? JsonSerializer.Deserialize<string[]>(json) : null;
        return new AdapterProvenance(Get(BaseHashMetadata), Get(MergedHashMetadata), labels,
            Get(InitSeedMetadata) is { } seed ? int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public static JsonObject ReadConfig(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new BadInputException($"{path}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not valid JSON ({e.Message})");
        }
    }

    private static void Refuse(string path, JsonObject config, string key, Func<JsonNode, bool> unsupported, string reason)
    {
        if (config[key] is { } node && unsupported(node)) throw new BadInputException($"{path}: {key} = {node.ToJsonString()}: {reason}");
    }

    private static string ModuleOf(string parameter) => parameter[..parameter.LastIndexOf('.')];
}
