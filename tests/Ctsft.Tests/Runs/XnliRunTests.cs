using System.Text.Json;
using Ctsft.Data.Protocol;
using Ctsft.Evaluation;
using Ctsft.Tasks;
using Ctsft.Tests.Cli;
using Ctsft.Training;

namespace Ctsft.Tests.Runs;

/// <summary>XNLI end to end on the tiny encoder and the real XNLI files: train on the protocol's subsets, evaluate on its 400-row test subset.</summary>
public class XnliRunTests
{
    private static readonly string Model = SharedFolder.Fixture("tiny-bert");

    [Fact]
    public void Train_and_eval_on_xnli_use_the_protocol_subsets_of_one_language_set_and_record_it()
    {
        using var temp = new TempFolder();
        var train = temp.File("train");
        var (exit, _, error) = CliRunner.Run("train", Model, "--task", "xnli", "--lang", "th", "--n", "10", "--epochs", "1", "--batch-size", "5",
            "--lr", "1e-3", "--xnli-languages", "en,th,vi", "--data-dir", SharedFolder.Data, "--out", train);
        Assert.True(exit == 0, error);

        var run = TrainingRunFile.Read(Path.Combine(train, TrainingRun.ManifestFile));
        Assert.Equal(["en", "th", "vi"], run.Envelope.Settings["xnli_languages"]!.AsArray().Select(l => l!.GetValue<string>()));
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(train, TrainingRun.ManifestFile)));
        var ids = manifest.RootElement.GetProperty("data").GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToArray();
        Assert.Equal(10, ids.Length);
        // The same language set gives data split (and so every stage) the same Pool B: the training rows come from it.
        var split = SplitSummary.Build(Ctsft.Data.Xnli.Task, SharedFolder.Data, "th", new SplitSettings(),
            PromptTokenCounter.Load(Model, ClassificationTask.Xnli), Model, ["en", "th", "vi"]);
        Assert.Subset(split.Rows.Single(r => r.Subset == "Pool B").Ids.ToHashSet(), ids.ToHashSet());

        var eval = temp.File("eval");
        (exit, _, error) = CliRunner.Run("eval", Path.Combine(train, TrainingRun.ModelFolder), "--task", "xnli", "--lang", "th",
            "--xnli-languages", "en,th,vi", "--data-dir", SharedFolder.Data, "--out", eval);
        Assert.True(exit == 0, error);
        var evaluation = EvaluationManifest.Read(Path.Combine(eval, EvaluationManifest.FileName));
        Assert.Equal(400, evaluation.Data.Examples);
        Assert.Equal(["en", "th", "vi"], evaluation.Data.XnliLanguages);
        Assert.Contains("test subset", evaluation.Data.Subset);
        Assert.Equal(400, MetricsFile.Read(Path.Combine(eval, MetricsFile.FileName)).Metrics.Count);
    }

    [Fact]
    public void The_test_subset_is_the_same_rows_in_every_language_and_full_split_is_the_official_file()
    {
        var count = PromptTokenCounter.Load(Model, ClassificationTask.Xnli);
        var th = new TaskSelection("xnli", "th", XnliLanguages: ["en", "th"]).LoadDataset(SharedFolder.Data, count);
        var en = new TaskSelection("xnli", "en", XnliLanguages: ["en", "th"]).LoadDataset(SharedFolder.Data, count);
        Assert.Equal(400, th.Count);
        Assert.Equal(th.Ids, en.Ids);
        var full = new TaskSelection("xnli", "th", "dev", FullSplit: true).LoadDataset(SharedFolder.Data);
        Assert.Equal(SharedDatasetsCount("th", "dev"), full.Count);
    }

    private static int SharedDatasetsCount(string language, string split) => Ctsft.Tests.Data.SharedDatasets.Xnli(language, split).Count;

    [Theory]
    [InlineData("en,xx", "XNLI has no language 'xx'")]
    [InlineData("en,vi", "missing: th")]
    public void A_bad_language_set_exits_2_naming_the_flag_and_writes_nothing(string languages, string message)
    {
        using var temp = new TempFolder();
        foreach (var command in new[] { "train", "eval" })
        {
            string[] extra = command == "train" ? ["--n", "10"] : [];
            var (exit, _, error) = CliRunner.Run([command, Model, "--task", "xnli", "--lang", "th", .. extra, "--xnli-languages", languages,
                "--data-dir", SharedFolder.Data, "--out", temp.File(command)]);
            Assert.Equal(2, exit);
            Assert.Contains("--xnli-languages", error);
            Assert.Contains(message, error);
        }
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_learning_rate_error_names_the_setting_in_the_library_and_the_flag_in_the_cli()
    {
        using var temp = new TempFolder();
        var library = Assert.Throws<BadSettingException>(() => new TrainingSettings { LearningRate = 2 }.Validate());
        Assert.StartsWith("learning_rate: 2 is out of range", library.Message);
        var (exit, _, error) = CliRunner.Run("train", Model, "--lang", "jav", "--n", "10", "--lr", "2", "--data-dir", SharedFolder.Data, "--out", temp.File("x"));
        Assert.Equal(2, exit);
        Assert.Contains("error: --lr: 2 is out of range", error);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }
}
