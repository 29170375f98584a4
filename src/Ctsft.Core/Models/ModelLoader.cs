using System.Text.RegularExpressions;
using Ctsft.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>How to load: label set to classify into (encoders), seed for newly created parameters.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>Encoders: the label names; a checkpoint whose classifier has another size gets a new one.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Seed of the initialisation of parameters the checkpoint lacks (classifier, pooler).</summary>
    public int InitSeed { get; init; } = 0;

    /// <summary>Training dropout rates replacing config.json's (null keeps a rate).</summary>
    public (double? Hidden, double? Attention) Dropout { get; init; }
    /// <summary>The run's device: the checkpoint loads onto the CPU and the model moves there once.</summary>
    public Device? Device { get; init; }
}

/// <summary>
/// What loading did: which tensors were created anew, which checkpoint tensors were ignored, and the stored
/// dtype of each loaded parameter (by parameter name), so that a saver can write them back as they came.
/// </summary>
public sealed record LoadReport(
    IReadOnlyList<string> NewlyInitialised, IReadOnlyList<string> Ignored, IReadOnlyDictionary<string, SafetensorsDtype> SourceDtypes);

/// <summary>A model with where it came from.</summary>
public sealed record LoadedModel(TransformerModel Model, string Folder, LoadReport Report) : IDisposable
{
    public TransformerConfig Config => Model.Config;
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// Loads a Hugging Face model folder: config.json plus safetensors weights. Every parameter must come from
/// the checkpoint with the shape config.json implies, except the parts a task adds (a BERT classifier and,
/// in sentence-embedding checkpoints, the pooler), which are created with a seed and reported.
/// </summary>
public static partial class ModelLoader
{
    public static LoadedModel Load(string folder, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        if (!Directory.Exists(folder)) throw new BadInputException($"{folder}: no such model folder");
        var config = ModelFactory.ReadConfig(Path.Combine(folder, "config.json"));
        if (options.Labels is { } labels) config = config.WithLabels(labels);
        if (options.Dropout is not (null, null)) config = config.WithDropout(options.Dropout.Hidden, options.Dropout.Attention);
        using var source = CheckpointFolder.Open(folder);
        TransformerModel model;
        using (Runtime.DefaultDevice.Set(CPU)) model = ModelFactory.Create(config);
        try
        {
            var report = LoadWeights(model, source, options.InitSeed);
            if (options.Device is { } device && device.type != DeviceType.CPU) model.to(device);
            model.eval();
            return new LoadedModel(model, folder, report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public static LoadReport LoadWeights(TransformerModel model, ITensorSource source, int initSeed)
    {
        var config = model.Config;
        var available = source.Names.ToDictionary(config.CanonicalName, n => n, StringComparer.Ordinal);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var created = new List<string>();
        var dtypes = new Dictionary<string, SafetensorsDtype>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!available.TryGetValue(name, out var stored))
            {
                if (!config.MayBeCreated(name))
                    throw new BadInputException($"{source.Location}: tensor '{name}' is missing from the checkpoint");
                created.Add(name);
                continue;
            }
            consumed.Add(stored);
            var info = source.Info(stored);
            var expected = parameter.shape;
            if (!info.Shape.SequenceEqual(expected))
            {
                if (config.IsTaskHead(name))
                {
                    created.Add(name);
                    continue;
                }
                throw new BadInputException(
                    $"{source.Location}: tensor '{stored}' has shape [{string.Join(",", info.Shape)}] but config.json implies [{string.Join(",", expected)}]");
            }
            if (!info.Dtype.IsFloating())
                throw new BadInputException($"{source.Location}: tensor '{stored}' has dtype {info.Dtype.HeaderName()}; a parameter must be floating point");
            using var value = source.ReadTensor(stored);
            parameter.copy_(value);
            dtypes[name] = info.Dtype;
        }
        InitialiseCreated(model, created, initSeed);

        var ignored = new List<string>();
        foreach (var stored in source.Names.Where(n => !consumed.Contains(n)))
        {
            if (!BufferName().IsMatch(stored) && !config.MayBeIgnored(config.CanonicalName(stored)))
                throw new BadInputException(
                    $"{source.Location}: unexpected tensor '{stored}' (not part of a {config.Architecture} with this config.json)");
            ignored.Add(stored);
        }
        return new LoadReport(created, ignored, dtypes);
    }

    /// <summary>Hugging Face's normal initialisation: weights N(0, initializer_range), biases 0, seeded.</summary>
    private static void InitialiseCreated(TransformerModel model, IReadOnlyList<string> created, int seed)
    {
        if (created.Count == 0) return;
        var std = model.Config.InitializerRange;
        using var generator = new Generator((ulong)seed, CPU);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var name in created)
        {
            var parameter = parameters[name];
            if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
            else parameter.normal_(0, std, generator);
        }
    }

    [GeneratedRegex(@"(^|\.)(position_ids|rotary_emb\.inv_freq|masked_bias|attn\.bias)$")]
    private static partial Regex BufferName();
}
