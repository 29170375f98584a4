using System.Text.Json.Nodes;
using Ctsft.Models;
using Ctsft.Models.Qwen2;
using static TorchSharp.torch;

namespace Ctsft.Tests.Models;

/// <summary>rope_scaling: Llama 3's frequencies against the reference's, plain RoPE for null / default, the rest refused by key and value.</summary>
public class RopeScalingTests
{
    public static TheoryData<string> Decoders => SharedFolder.GoldenModelNames("decoder");

    [Theory, MemberData(nameof(Decoders))]
    public void Inverse_frequencies_match_the_reference_where_it_gives_them(string fixture)
    {
        var golden = Golden.For(fixture);
        var config = (Qwen2Config)ModelFactory.ReadConfig(Path.Combine(golden.Folder, "config.json"));
        var rotary = new RotaryEmbedding(config.HeadDim, config.RopeTheta, config.RopeScaling);
        var actual = rotary.InverseFrequencies(CPU).data<double>().ToArray();
        var expected = golden.Settings.TryGetProperty("rope_inv_freq", out var given)
            ? given.EnumerateArray().Select(e => e.GetDouble()).ToArray()
            : Enumerable.Range(0, config.HeadDim / 2).Select(i => 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / config.HeadDim)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Abs(expected[i]) + 1e-18, $"{fixture}: inv_freq[{i}] {actual[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("dynamic")]
    [InlineData("yarn")]
    [InlineData("longrope")]
    public void Other_rope_types_are_refused_naming_the_key_and_value(string type)
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<BadInputException>(() => ModelFactory.ReadConfig(LlamaConfig(temp, new JsonObject { ["rope_type"] = type, ["factor"] = 2.0 })));
        Assert.Contains("rope_scaling", error.Message);
        Assert.Contains($"'{type}'", error.Message);
        Assert.Contains("llama3", error.Message);
    }

    [Fact]
    public void Null_and_default_rope_scaling_are_plain_rope()
    {
        using var temp = new TempFolder();
        Assert.Null(((Qwen2Config)ModelFactory.ReadConfig(LlamaConfig(temp, null))).RopeScaling);
        Assert.Null(((Qwen2Config)ModelFactory.ReadConfig(LlamaConfig(temp, new JsonObject { ["rope_type"] = "default" }))).RopeScaling);
        Assert.NotNull(((Qwen2Config)ModelFactory.ReadConfig(LlamaConfig(temp, new JsonObject
        {
            ["type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 64,
        }))).RopeScaling);
    }

    [Fact]
    public void An_unsupported_model_type_names_itself_and_the_supported_ones()
    {
        using var temp = new TempFolder();
        var path = temp.File("config.json");
        File.WriteAllText(path, """{"model_type": "mistral", "architectures": ["MistralForCausalLM"]}""");
        var error = Assert.Throws<BadInputException>(() => ModelFactory.ReadConfig(path));
        Assert.Contains("'mistral'", error.Message);
        foreach (var type in ModelFamilies.SupportedModelTypes) Assert.Contains(type, error.Message);
    }

    private static string LlamaConfig(TempFolder temp, JsonObject? scaling)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedFolder.FixturesNext, "configs", "llama-3.2-1b", "config.json")))!.AsObject();
        json["rope_scaling"] = scaling;
        var path = temp.File($"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
