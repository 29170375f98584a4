using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Checkpoints;

namespace Ctsft.Models;

/// <summary>
/// Saves a model as a Hugging Face folder that Hugging Face's own loaders accept: config.json (every key of
/// the original kept; labels and architecture updated) and safetensors weights under the same names, shapes
/// and, by default, the dtypes the model was loaded from. Tokenizer files of the source folder are copied.
/// The folder is written under a temporary name and renamed, so a failure leaves nothing half-written.
/// </summary>
public static class ModelSaver
{
    private static readonly string[] TokenizerFiles =
    [
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "added_tokens.json",
        "generation_config.json", .. Text.TokenizerLoader.SentencePieceFiles,
    ];

    /// <summary>Saves in float32, or with <paramref name="keepDtypesOf"/> every tensor in the dtype it was loaded from.</summary>
    public static void Save(TransformerModel model, string folder, string? tokenizerSourceFolder = null, LoadReport? keepDtypesOf = null)
    {
        var options = new CheckpointSaveOptions { Dtypes = keepDtypesOf is null ? StoredDtypes.Float32 : StoredDtypes.Keep(keepDtypesOf.SourceDtypes) };
        Save(model, folder, tokenizerSourceFolder, options, TorchDtypeOf(keepDtypesOf));
    }

    private static string TorchDtypeOf(LoadReport? keepDtypesOf) =>
        keepDtypesOf?.SourceDtypes.Values.Distinct().ToArray() is [var single] ? TorchDtypeName(single) : "float32";

    private static string TorchDtypeName(SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.BF16 => "bfloat16",
        SafetensorsDtype.F16 => "float16",
        SafetensorsDtype.F64 => "float64",
        _ => "float32",
    };

    public static void Save(TransformerModel model, string folder, string? tokenizerSourceFolder, CheckpointSaveOptions options, string torchDtype)
    {
        AtomicFolder.Write(folder, staging =>
        {
            WriteInto(model, staging, tokenizerSourceFolder, options, torchDtype);
        });
    }

    /// <summary>
    /// Writes the model into a new <paramref name="folder"/> inside a folder the caller stages and publishes (a
    /// training run's), in float32 or in the loaded dtypes; no staging of its own.
    /// </summary>
    public static void WriteInto(TransformerModel model, string folder, string? tokenizerSourceFolder, LoadReport? keepDtypesOf = null)
    {
        var options = new CheckpointSaveOptions { Dtypes = keepDtypesOf is null ? StoredDtypes.Float32 : StoredDtypes.Keep(keepDtypesOf.SourceDtypes) };
        WriteInto(model, folder, tokenizerSourceFolder, options, TorchDtypeOf(keepDtypesOf));
    }

    private static void WriteInto(TransformerModel model, string folder, string? tokenizerSourceFolder, CheckpointSaveOptions options, string torchDtype)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);  // an interrupted earlier write in the caller's staging
        Directory.CreateDirectory(folder);
        var config = ConfigJsonFor(model.Config);
        config["torch_dtype"] = torchDtype;
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var tensors = model.named_parameters().ToDictionary(p => p.name, p => (TorchSharp.torch.Tensor)p.parameter.detach(), StringComparer.Ordinal);
        CheckpointFolder.WriteInto(folder, tensors, options);
        if (tokenizerSourceFolder is not null)
            foreach (var file in TokenizerFiles.Select(f => Path.Combine(tokenizerSourceFolder, f)).Where(File.Exists))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    /// <summary>The source config.json with what the model now is written over it.</summary>
    public static JsonObject ConfigJsonFor(TransformerConfig config)
    {
        var json = config.Source?.DeepClone() as JsonObject ?? new JsonObject();
        json["model_type"] = config.ModelType;
        json["hidden_size"] = config.HiddenSize;
        json["num_hidden_layers"] = config.NumLayers;
        json["num_attention_heads"] = config.NumAttentionHeads;
        json["intermediate_size"] = config.IntermediateSize;
        json["vocab_size"] = config.VocabSize;
        config.WriteFamilyKeys(json);
        return json;
    }
}
