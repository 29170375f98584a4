using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>
/// Shipped specs, usable by name: the paper's two grids (Qwen/Qwen2.5-0.5B from the hub; method.md 2 and 8) and
/// the embedded model's grid with the settings of minilm.md (stage 1 on all of Pool A at 5e-5, three heads per
/// iteration, restricted scopes at 5e-4, and the LoRA baseline at the circuit's budget), and <c>ctsft demo</c>'s part of it
/// (ind -> jav, n 25 and 100, full, circuit and near-zero, one seed; minilm.md's suggested demo).
/// </summary>
public static class ExperimentPresets
{
    private const string PaperNusax = """
        { "model": "Qwen/Qwen2.5-0.5B", "task": "nusax", "proxy": "ind", "targets": ["ace", "bug", "jav", "min"],
          "n": [25, 50, 75, 100], "arms": ["full", "direct", "norms", "circuit", "nearzero", "least", "random"],
          "depths": [0, 1, 2], "seeds": [31, 777, 2025, 12345], "proxy_n": 50, "ratio": 0.02, "lr": 5e-5 }
        """;

    private const string PaperXnli = """
        { "model": "Qwen/Qwen2.5-0.5B", "task": "xnli", "proxy": "en", "targets": ["th", "vi", "es", "zh"],
          "n": [25, 50, 75, 100], "arms": ["full", "direct", "norms", "circuit", "nearzero", "least", "random"],
          "depths": [0, 1, 2], "seeds": [31, 777, 2025, 12345], "proxy_n": 250, "ratio": 0.02, "lr": 5e-5,
          "xnli_languages": ["en", "th", "vi", "es", "zh"] }
        """;

    private const string MinilmNusax = """
        { "model": "minilm", "task": "nusax", "proxy": "ind", "targets": ["ace", "bug", "jav", "min"],
          "n": [25, 100], "arms": ["full", "direct", "norms", "circuit", "nearzero", "random", "lora"],
          "depths": [2], "seeds": [31, 777], "proxy_n": "all", "per_iteration": 3,
          "lr": { "stage1": 5e-5, "full": 5e-5, "direct": 5e-5, "norms": 5e-4, "circuit": 5e-4, "nearzero": 5e-4, "least": 5e-4, "random": 5e-4, "lora": 5e-4 } }
        """;

    private const string MinilmDemo = """
        { "model": "minilm", "task": "nusax", "proxy": "ind", "targets": ["jav"], "n": [25, 100], "arms": ["full", "circuit", "nearzero"],
          "depths": [2], "seeds": [31], "proxy_n": "all", "per_iteration": 3,
          "lr": { "stage1": 5e-5, "full": 5e-5, "circuit": 5e-4, "nearzero": 5e-4 } }
        """;

    private static readonly Dictionary<string, string> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["paper-nusax"] = PaperNusax, ["paper-xnli"] = PaperXnli, ["minilm-nusax"] = MinilmNusax, ["minilm-demo"] = MinilmDemo,
    };

    public static IReadOnlyList<string> Names { get; } = All.Keys.ToArray();

    /// <summary>A fresh copy of the preset's JSON, or null for an unknown name.</summary>
    public static JsonObject? Get(string name) => All.TryGetValue(name, out var json) ? JsonNode.Parse(json)!.AsObject() : null;
}
