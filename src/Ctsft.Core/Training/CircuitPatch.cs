using System.Text.Json;
using System.Text.Json.Serialization;
using Ctsft.Checkpoints;
using Ctsft.Models;
using Ctsft.Scopes;
using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>One block a patch replaces: a whole tensor, or rows/columns of one.</summary>
public sealed record PatchEntry(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("tensor")] string Tensor,
    [property: JsonPropertyName("axis")] string? Axis,
    [property: JsonPropertyName("start")] int? Start,
    [property: JsonPropertyName("length")] int? Length);

/// <summary><c>patch.json</c>: what the patch applies to and what it holds.</summary>
public sealed record PatchManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("base_model")] string BaseModel,
    [property: JsonPropertyName("base_model_hash")] string BaseModelHash,
    [property: JsonPropertyName("fine_tuned_hash")] string FineTunedHash,
    [property: JsonPropertyName("labels")] IReadOnlyList<string>? Labels,
    [property: JsonPropertyName("init_seed")] int InitSeed,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("heads")] IReadOnlyList<string> Heads,
    [property: JsonPropertyName("settings")] JsonElement Settings,
    [property: JsonPropertyName("entries")] IReadOnlyList<PatchEntry> Entries);

/// <summary>
/// The trained part of a restricted scope as a small file: the final values of every trained slice and norm
/// (not deltas, so applying is an exact copy) in <c>patch.safetensors</c>, with <c>patch.json</c> naming the
/// base model (hash of its tensors), heads, scope and settings. Applied onto the same base it rebuilds the
/// fine-tuned weights bit for bit.
/// </summary>
public static class CircuitPatch
{
    public const string TensorsFile = "patch.safetensors", ManifestFile = "patch.json", FormatName = "ctsft-circuit-patch/1";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the patch of <paramref name="selection"/> taken from the (merged) fine-tuned model, under a temporary name then renamed.</summary>
    public static void Save(string folder, TransformerModel fineTuned, ScopeSelection selection, PatchManifest manifest)
    {
        var parameters = fineTuned.Parameters();
        var entries = selection.WholeTensors.Select(n => new PatchEntry(n, n, null, null, null))
            .Concat(selection.Slices.Select(s => new PatchEntry(s.ToString(), s.TensorName, s.Axis.ToString().ToLowerInvariant(), s.Start, s.Length)))
            .ToArray();
        using var scope = NewDisposeScope();
        var tensors = entries.ToDictionary(e => e.Key, e => Block(parameters[e.Tensor], e).detach().contiguous(), StringComparer.Ordinal);
        AtomicFolder.Write(folder, staging =>
        {
            SafetensorsWriter.Write(Path.Combine(staging, TensorsFile), tensors);
            File.WriteAllText(Path.Combine(staging, ManifestFile), JsonSerializer.Serialize(manifest with { Format = FormatName, Entries = entries }, Json));
        });
    }

    public static PatchManifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path)) throw new BadInputException($"{folder}: not a circuit patch (no {ManifestFile})");
        try
        {
            var manifest = JsonSerializer.Deserialize<PatchManifest>(File.ReadAllText(path)) ?? throw new BadInputException($"{path}: empty");
            if (manifest.Format != FormatName) throw new BadInputException($"{path}: format '{manifest.Format}', expected '{FormatName}'");
            return manifest;
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not a patch manifest ({e.Message})");
        }
    }

    /// <summary>Writes the patch's blocks into <paramref name="baseModel"/>, after checking it is the base the patch was made from.</summary>
    public static void Apply(TransformerModel baseModel, string folder)
    {
        var manifest = ReadManifest(folder);
        var hash = ModelHash.OfTensors(baseModel.Parameters());
        if (hash != manifest.BaseModelHash)
            throw new BadInputException(
                $"{folder}: the patch was made for base model '{manifest.BaseModel}' with weights {manifest.BaseModelHash[..12]}…, this base has {hash[..12]}…");
        var parameters = baseModel.Parameters();
        using var file = SafetensorsFile.Open(Path.Combine(folder, TensorsFile));
        using var noGrad = no_grad();
        foreach (var entry in manifest.Entries)
        {
            if (!parameters.TryGetValue(entry.Tensor, out var parameter))
                throw new BadInputException($"{folder}: entry '{entry.Key}' names tensor '{entry.Tensor}', which the base model lacks");
            using var value = file.ReadTensor(entry.Key);
            var block = Block(parameter, entry);
            if (!value.shape.SequenceEqual(block.shape))
                throw new BadInputException($"{file.Location}: '{entry.Key}' has shape [{string.Join(",", value.shape)}], the base's block is [{string.Join(",", block.shape)}]");
            block.copy_(value);
        }
    }

    private static Tensor Block(Tensor parameter, PatchEntry entry) => entry.Axis switch
    {
        null => parameter,
        "rows" => parameter.narrow(0, entry.Start!.Value, entry.Length!.Value),
        "columns" => parameter.narrow(1, entry.Start!.Value, entry.Length!.Value),
        _ => throw new BadInputException($"patch entry '{entry.Key}': axis '{entry.Axis}' is not rows or columns"),
    };
}
