using Ctsft.Models;

namespace Ctsft.Benchmarks;

/// <summary>The model shapes benchmarked: configs written as Hugging Face would, random weights.</summary>
public static class BenchmarkShapes
{
    /// <summary>all-MiniLM-L6-v2's shape: BERT, 6 layers, hidden 384, 12 heads, intermediate 1536, 3 labels.</summary>
    public const string Bert6x384 = """
        {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_size": 384,
         "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536, "vocab_size": 30522,
         "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu",
         "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
         "id2label": {"0": "negative", "1": "neutral", "2": "positive"}}
        """;

    /// <summary>A tiny fixture whose byte-level BPE tokenises prompts for a decoder shape (ids fit its vocabulary).</summary>
    public static string DecoderTokenizerFolder(string name) => name == "llama"
        ? Path.Combine(SharedFixtures() + "-next", "tiny-llama3")
        : Path.Combine(SharedFixtures(), "tiny-qwen2");

    public static TransformerConfig Load(string name)
    {
        var path = name switch
        {
            "bert" => WriteTemporary(Bert6x384),
            "qwen" => Path.Combine(SharedConfigs(), "qwen2.5-0.5b", "config.json"),
            "qwen3" => Path.Combine(SharedFixtures() + "-next", "configs", "qwen3-0.6b", "config.json"),
            "llama" => Path.Combine(SharedFixtures() + "-next", "configs", "llama-3.2-1b", "config.json"),
            _ => throw new ArgumentException($"unknown benchmark model '{name}' (bert, qwen, qwen3, llama)"),
        };
        return ModelFactory.ReadConfig(path);
    }

    private static string WriteTemporary(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ctsft-bench-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string SharedConfigs() => Path.Combine(SharedFixtures(), "configs");

    public static string SharedFixtures()
    {
        var shared = Environment.GetEnvironmentVariable("CTSFT_SHARED");
        if (string.IsNullOrEmpty(shared))
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ctsft.slnx"))) { shared = Path.Combine(dir.Parent!.FullName, "shared"); break; }
        return Path.Combine(shared ?? "../shared", "fixtures");
    }
}
