using System.Text.Json;

namespace Ctsft.Tests.Cli;

public class ModelInfoCommandTests
{
    [Fact]
    public void Json_output_describes_the_architecture_counts_and_head_layout()
    {
        var result = CtsftProcess.Run("model", "info", Path.Combine(SharedFolder.Fixtures, "configs", "qwen2.5-0.5b", "config.json"), "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("Qwen2ForCausalLM", json.GetProperty("architecture").GetString());
        Assert.Equal("decoder", json.GetProperty("family").GetString());
        Assert.Equal(336, json.GetProperty("total_heads").GetInt32());
        Assert.Equal(494_032_768L, json.GetProperty("parameters").GetInt64());
        var groups = json.GetProperty("key_value_groups");
        Assert.Equal(2, groups.GetArrayLength());
        Assert.Equal([7, 8, 9, 10, 11, 12, 13], groups[1].GetProperty("query_heads").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void The_table_names_the_fixture_architecture()
    {
        var result = CtsftProcess.Run("model", "info", SharedFolder.Fixture("tiny-bert"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("BertForSequenceClassification", result.Output);
        Assert.Contains("negative, neutral, positive", result.Output);
    }

    [Fact]
    public void The_embedded_model_is_described_by_name()
    {
        var result = CtsftProcess.Run("model", "info", "minilm", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(72, JsonDocument.Parse(result.Output).RootElement.GetProperty("total_heads").GetInt32());
    }

    [Fact]
    public void A_bad_model_gives_one_clear_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), "{\"model_type\": \"t5\"}");
        var result = CtsftProcess.Run("model", "info", folder.File("config.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'model_type' is 't5', an unsupported architecture", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (var command in new[] { new[] { "--help" }, ["model", "--help"], ["model", "info", "--help"] })
        {
            var result = CtsftProcess.Run(command);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.Output);
        }
    }
}
