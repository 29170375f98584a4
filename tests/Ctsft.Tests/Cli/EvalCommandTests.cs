using System.Text.Json;
using Ctsft.Evaluation;

namespace Ctsft.Tests.Cli;

/// <summary><c>ctsft eval</c>, <c>ctsft model predict</c> and <c>ctsft data split --model</c> end to end.</summary>
public class EvalCommandTests
{
    [Fact]
    public void Eval_minilm_on_the_nusax_jav_test_set_writes_a_complete_run()
    {
        using var temp = new TempFolder();
        var folder = temp.File("run");
        var (exit, output, error) = CliRunner.Run("eval", "minilm", "--task", "nusax", "--lang", "jav", "--data-dir", SharedFolder.Data,
            "--out", folder, "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var metrics = json.RootElement.GetProperty("metrics");
        Assert.Equal(400, metrics.GetProperty("examples").GetInt32());
        Assert.InRange(metrics.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Contains("untrained", error);
        Assert.Equal(400, File.ReadLines(Path.Combine(folder, PredictionsFile.FileName)).Count());
        var manifest = EvaluationManifest.Read(Path.Combine(folder, EvaluationManifest.FileName));
        Assert.True(manifest.Model.ClassifierUntrained);
        Assert.Equal(("minilm", "test", 32), (manifest.Model.Spec, manifest.Data.Split, manifest.Settings.BatchSize));
    }

    [Fact]
    public void Eval_of_a_custom_file_with_a_decoder_prints_tables_and_refuses_to_overwrite_without_force()
    {
        using var temp = new TempFolder();
        var file = temp.File("reviews.csv");
        File.WriteAllText(file, "id,review,verdict\na1,\"enak, murah\",good\na2,mahal,bad\na3,lambat,bad\n");
        string[] args = ["eval", SharedFolder.Fixture("tiny-qwen2"), "--task", "custom", "--file", file, "--text-column", "review",
            "--label-column", "verdict", "--id-column", "id", "--labels", "bad,good", "--template", "{text} | sentiment:",
            "--label-words", " negative, positive", "--batch-size", "2", "--batch-order", "input", "--out", temp.File("run")];
        var (exit, output, error) = CliRunner.Run(args);
        Assert.True(exit == 0, error);
        Assert.Contains("accuracy", output);
        Assert.Contains("confusion matrix", output);
        Assert.Contains("gold \\ predicted", output);
        var manifest = EvaluationManifest.Read(Path.Combine(temp.File("run"), EvaluationManifest.FileName));
        Assert.Equal(["bad", "good"], manifest.Task.LabelNames);
        Assert.Equal("review", manifest.Data.Columns!["text"]);
        Assert.Equal("input", manifest.Settings.BatchOrder);
        Assert.Equal(["a1", "a2", "a3"], File.ReadLines(Path.Combine(temp.File("run"), PredictionsFile.FileName))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));

        var again = CliRunner.Run(args);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds another run (manifest.json)", again.Error);
        Assert.Contains("set --force to replace it", again.Error);
        Assert.Equal(0, CliRunner.Run([.. args, "--force"]).ExitCode);
    }

    [Theory]
    [InlineData("--task", "glue", "--lang", "en")]
    [InlineData("--task", "nusax")]
    [InlineData("--task", "nusax", "--lang", "xyz")]
    [InlineData("--task", "nusax", "--lang", "jav", "--batch-size", "0")]
    [InlineData("--task", "nusax", "--lang", "jav", "--batch-order", "random")]
    [InlineData("--task", "nusax", "--lang", "jav", "--label-words", " bad, meh, good")]
    public void Eval_with_bad_input_exits_2_with_a_message(params string[] options)
    {
        using var temp = new TempFolder();
        var (exit, _, error) = CliRunner.Run(["eval", SharedFolder.Fixture("tiny-qwen2"), .. options, "--data-dir", SharedFolder.Data, "--out", temp.File("run")]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.False(Directory.Exists(temp.File("run")));
    }

    [Fact]
    public void Predict_with_minilm_gives_label_probabilities_and_says_the_classifier_is_untrained()
    {
        var (exit, output, error) = CliRunner.Run("model", "predict", "minilm", "--text", "Panganane enak banget", "--task", "nusax", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var labels = json.RootElement.GetProperty("scores").GetProperty("labels").EnumerateArray().ToArray();
        Assert.Equal(["negative", "neutral", "positive"], labels.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal(1.0, labels.Sum(l => l.GetProperty("probability").GetDouble()), 9);
        Assert.Contains("untrained", json.RootElement.GetProperty("notes")[0].GetString());

        var table = CliRunner.Run("model", "predict", "minilm", "--text", "a premise", "--text-pair", "a hypothesis");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("LABEL_0", table.Output);
    }

    [Fact]
    public void Predict_with_a_decoder_and_no_task_lists_the_top_next_tokens()
    {
        var (exit, output, error) = CliRunner.Run("model", "predict", SharedFolder.Fixture("tiny-qwen2"), "--text", "Makanannya enak", "--top", "5", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var tokens = json.RootElement.GetProperty("next_tokens").EnumerateArray().ToArray();
        Assert.Equal(5, tokens.Length);
        var probabilities = tokens.Select(t => t.GetProperty("probability").GetDouble()).ToArray();
        Assert.Equal(probabilities.OrderByDescending(p => p), probabilities);
        Assert.Equal(2, CliRunner.Run("model", "predict", SharedFolder.Fixture("tiny-qwen2"), "--text", "a", "--text-pair", "b").ExitCode);
        Assert.Equal(2, CliRunner.Run("model", "predict", SharedFolder.Fixture("tiny-bert"), "--text", "a", "--task", "custom").ExitCode);
    }

    [Fact]
    public void Data_split_of_xnli_with_a_model_applies_the_prompt_filter()
    {
        var (exit, output, error) = CliRunner.Run("data", "split", "--task", "xnli", "--lang", "es", "--model", SharedFolder.Fixture("tiny-qwen2"),
            "--json", "--data-dir", SharedFolder.Data);
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Contains(json.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("at most 128 tokens"));
        var nusax = CliRunner.Run("data", "split", "--task", "nusax", "--lang", "jav", "--model", SharedFolder.Fixture("tiny-qwen2"), "--data-dir", SharedFolder.Data);
        Assert.Equal(2, nusax.ExitCode);
        Assert.Contains("--model applies to --task xnli only", nusax.Error);
    }
}
