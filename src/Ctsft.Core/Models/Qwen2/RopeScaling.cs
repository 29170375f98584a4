using System.Text.Json.Nodes;

namespace Ctsft.Models.Qwen2;

/// <summary>
/// <c>rope_scaling</c> of config.json: none (null, absent or rope_type <c>default</c>), or Llama 3.1's frequency
/// scaling (rope_type <c>llama3</c>; Hugging Face's <c>_compute_llama3_parameters</c>). Other rope types (linear,
/// dynamic, yarn, longrope, ...) are refused by key and value.
/// </summary>
public sealed record RopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositionEmbeddings)
{
    public static readonly IReadOnlyList<string> SupportedTypes = ["default", "llama3"];

    /// <summary>The scaling of <paramref name="json"/>, or null for plain RoPE.</summary>
    public static RopeScaling? Read(ConfigJson json)
    {
        if (json.Root["rope_scaling"] is not JsonObject scaling) return null;
        var type = Text(scaling, "rope_type") ?? Text(scaling, "type");
        if (type is null or "default") return null;
        if (type != "llama3")
            throw json.Error("rope_scaling", $"has rope_type '{type}', which ctsft does not implement; supported: {string.Join(", ", SupportedTypes)} (or null)");
        double Number(string key) => scaling[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d
            : throw json.Error("rope_scaling", $"has rope_type 'llama3' but no number '{key}'");
        var original = Number("original_max_position_embeddings");
        var result = new RopeScaling(Number("factor"), Number("low_freq_factor"), Number("high_freq_factor"), (int)original);
        if (result.Factor <= 0 || result.HighFreqFactor <= result.LowFreqFactor || result.LowFreqFactor <= 0 || original <= 0)
            throw json.Error("rope_scaling", $"is {scaling.ToJsonString()}: llama3 needs factor > 0, 0 < low_freq_factor < high_freq_factor, original_max_position_embeddings > 0");
        return result;
    }

    private static string? Text(JsonObject json, string key) => json[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// Llama 3's rule per frequency f: wavelength w = 2 pi / f; w &lt; N / high_freq_factor keeps f; w &gt; N / low_freq_factor
    /// uses f / factor; between, (1 - s) f / factor + s f with s = (N / w - low) / (high - low), N = original_max_position_embeddings.
    /// </summary>
    public double Scale(double frequency)
    {
        var wavelength = 2 * Math.PI / frequency;
        var n = (double)OriginalMaxPositionEmbeddings;
        if (wavelength < n / HighFreqFactor) return frequency;
        if (wavelength > n / LowFreqFactor) return frequency / Factor;
        var s = (n / wavelength - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
        return (1 - s) * frequency / Factor + s * frequency;
    }
}
