using Ctsft.Models;

namespace Ctsft.Tests.Models;

public class ModelStructureTests
{
    private static string QwenConfig => Path.Combine(SharedFolder.Fixtures, "configs", "qwen2.5-0.5b", "config.json");

    [Fact]
    public void Qwen2_5_0_5B_has_the_published_parameter_count()
    {
        // fixtures/configs/README.md: 494,032,768 parameters with tied embeddings, 136,134,656 in the embedding.
        using var model = ModelFactory.CreateStructure(ModelFactory.ReadConfig(QwenConfig));
        Assert.Equal(494_032_768L, model.CountParameters());
        Assert.Equal(494_032_768L - 136_134_656L, model.CountParameters(includeEmbeddings: false));
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Parameter_names_and_shapes_equal_the_checkpoint(string fixture)
    {
        // Read the safetensors header directly: the names are an API shared with Hugging Face.
        var path = Path.Combine(SharedFolder.Fixture(fixture), "model.safetensors");
        using var file = File.OpenRead(path);
        var lengthBytes = new byte[8];
        file.ReadExactly(lengthBytes);
        var header = new byte[BitConverter.ToInt64(lengthBytes)];
        file.ReadExactly(header);
        using var json = System.Text.Json.JsonDocument.Parse(header);
        var config = ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json"));
        var stored = json.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
            .ToDictionary(p => config.CanonicalName(p.Name), p => p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());

        using var model = ModelFactory.CreateStructure(config);
        var ours = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        var matched = new HashSet<string>();
        foreach (var (name, shape) in stored)
        {
            var own = ours.Keys.Where(o => SameTensor(o, name)).ToArray();
            Assert.True(own.Length == 1, $"{fixture}: checkpoint tensor {name} matches {own.Length} parameters");
            Assert.Equal(shape, ours[own[0]]);
            matched.Add(own[0]);
        }
        Assert.Equal(ours.Keys.Order(), matched.Order());
    }

    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    /// <summary>
    /// A parameter name and a checkpoint name denote one tensor: equal, or the parameter carries Hugging Face's
    /// base-model prefix (one leading component such as <c>bert.</c>) that the checkpoint left out.
    /// </summary>
    public static bool SameTensor(string parameter, string stored) =>
        parameter == stored || (parameter.EndsWith("." + stored, StringComparison.Ordinal) && !parameter[..^(stored.Length + 1)].Contains('.'));

    [Theory]
    [InlineData("{\"model_type\": \"gpt2\", \"architectures\": [\"GPT2LMHeadModel\"]}", "'model_type' is 'gpt2', an unsupported architecture (GPT2LMHeadModel)")]
    [InlineData("{\"model_type\": \"bert\", \"hidden_size\": 64, \"num_attention_heads\": 4}", "'num_hidden_layers' is missing")]
    [InlineData("{\"model_type\": \"bert\", \"hidden_size\": \"big\"}", "'hidden_size' should be an integer")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("{\"model_type\": \"qwen2\", \"hidden_size\": 64, \"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"num_key_value_heads\": 3, \"intermediate_size\": 8, \"vocab_size\": 10}",
        "num_attention_heads (4) is not a multiple of num_key_value_heads (3)")]
    [InlineData("{\"model_type\": \"llama\", \"rope_scaling\": {\"rope_type\": \"llama3\"}}", "'rope_scaling' has rope_type 'llama3' but no number 'original_max_position_embeddings'")]
    public void A_bad_config_is_refused_with_the_file_and_key(string content, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("ctsft-config-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.json");
            File.WriteAllText(path, content);
            var error = Assert.Throws<BadInputException>(() => ModelFactory.ReadConfig(path));
            Assert.Contains(path, error.Message);
            Assert.Contains(expected, error.Message);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_llama_config_has_no_attention_biases_and_an_untied_head()
    {
        var dir = Directory.CreateTempSubdirectory("ctsft-config-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.json");
            File.WriteAllText(path, """
                {"model_type": "llama", "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4,
                 "num_key_value_heads": 2, "intermediate_size": 64, "vocab_size": 50, "tie_word_embeddings": false}
                """);
            using var model = ModelFactory.CreateStructure(ModelFactory.ReadConfig(path));
            var names = model.named_parameters().Select(p => p.name).ToHashSet();
            Assert.Contains("lm_head.weight", names);
            Assert.DoesNotContain("model.layers.0.self_attn.q_proj.bias", names);
            Assert.Contains("model.layers.1.self_attn.k_proj.weight", names);
        }
        finally { dir.Delete(recursive: true); }
    }
}
