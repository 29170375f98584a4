using System.Text.Json;
using Ctsft.Checkpoints;
using Ctsft.Evaluation;
using Ctsft.Tests.Data;

namespace Ctsft.Tests.Evaluation;

/// <summary>A whole evaluation run: predictions, metrics and manifest written to the run folder.</summary>
public class EvaluationRunTests
{
    private static EvaluationRunSettings Settings(string model, string folder, TaskSelection? task = null) =>
        new(model, task ?? new TaskSelection("nusax", "jav", "valid"), SharedFolder.Data, BatchSize: 16, OutputFolder: folder);

    [Theory, MemberData(nameof(TaskEvaluationTests.Fixtures), MemberType = typeof(TaskEvaluationTests))]
    public void A_run_writes_predictions_metrics_and_a_manifest_naming_every_input(string fixture)
    {
        using var temp = new TempFolder();
        var folder = temp.File("run");
        var run = EvaluationRun.Execute(Settings(SharedFolder.Fixture(fixture), folder));

        Assert.Equal(Path.GetFullPath(folder), run.Folder);
        Assert.Equal(["manifest.json", "metrics.json", "predictions.jsonl"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        var labels = run.Evaluation.LabelNames;
        var read = PredictionsFile.Read(Path.Combine(folder, PredictionsFile.FileName), labels);
        Assert.Equal(run.Evaluation.Predictions.Select(p => (p.Id, p.Gold, p.Predicted)), read.Select(p => (p.Id, p.Gold, p.Predicted)));
        Assert.Equal(run.Evaluation.Predictions.SelectMany(p => p.Logits), read.SelectMany(p => p.Logits));

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, MetricsFile.FileName)));
        Assert.Equal(run.Evaluation.Metrics.Accuracy, metrics.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(100, metrics.RootElement.GetProperty("examples").GetInt32());
        Assert.Equal(run.Evaluation.Metrics.Confusion.Counts.Select(r => r.ToArray()),
            metrics.RootElement.GetProperty("confusion_matrix").GetProperty("counts").EnumerateArray()
                .Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()));

        var manifest = EvaluationManifest.Read(Path.Combine(folder, EvaluationManifest.FileName));
        var data = SharedDatasets.Nusax("jav", "valid");
        Assert.Equal("eval", manifest.Kind);
        Assert.Equal(ModelHash.OfFolder(SharedFolder.Fixture(fixture)), manifest.Model.Sha256);
        Assert.Equal(Path.GetFullPath(SharedFolder.Fixture(fixture)), manifest.Model.Folder);
        Assert.Equal(data.ContentHash, manifest.Data.Sha256);
        Assert.Equal(Path.GetFullPath(data.SourceFile), manifest.Data.File);
        Assert.Equal(("jav", "valid", 100), (manifest.Data.Language, manifest.Data.Split, manifest.Data.Examples));
        Assert.Equal(16, manifest.Settings.BatchSize);
        Assert.False(string.IsNullOrEmpty(manifest.ToolVersion));
        Assert.Contains("macro_average", manifest.Conventions.Keys);
        if (manifest.Model.Family == "decoder")
        {
            var nusax = Ctsft.Tasks.ClassificationTask.NusaxSenti;
            Assert.Equal(nusax.Template.Template, manifest.Task.Template);
            Assert.Equal(nusax.LabelWords, manifest.Task.LabelWords);
            var tokenizer = Ctsft.Text.TokenizerLoader.FromFolder(SharedFolder.Fixture(fixture));
            Assert.Equal(nusax.LabelWords.Select(w => (long)tokenizer.Encode(w, addSpecialTokens: false).Ids.Single()), manifest.Task.LabelTokenIds);
            Assert.Contains($"(id {Golden.For(fixture).Settings.GetProperty("pad_token_id").GetInt64()})", manifest.Task.Padding);
        }
        else
        {
            Assert.Null(manifest.Task.Template);
            // A classifier of other labels than NusaX's is replaced by a new, untrained one (and said so).
            Assert.Equal(!FixtureTask.Labels(fixture).SequenceEqual(data.LabelNames), manifest.Model.ClassifierUntrained);
        }
    }

    [Fact]
    public void A_folder_holding_a_run_is_refused_unless_forced()
    {
        using var temp = new TempFolder();
        var folder = temp.File("run");
        var settings = Settings(SharedFolder.Fixture("tiny-bert"), folder);
        EvaluationRun.Execute(settings);
        var error = Assert.Throws<BadSettingException>(() => EvaluationRun.Execute(settings));
        Assert.Contains("already holds another run", error.Message);
        Assert.Contains("force", error.Message);
        var forced = EvaluationRun.Execute(settings with { Force = true, BatchSize = 5 });
        Assert.Equal(5, EvaluationManifest.Read(Path.Combine(forced.Folder, EvaluationManifest.FileName)).Settings.BatchSize);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp-*"));
    }

    [Fact]
    public void Minilm_evaluates_with_a_seeded_untrained_classifier_and_says_so()
    {
        using var temp = new TempFolder();
        var task = new TaskSelection("nusax", "jav", "valid");
        var first = EvaluationRun.Execute(Settings("minilm", temp.File("a"), task) with { InitSeed = 3 });
        Assert.Contains(first.Notes, n => n.Contains("untrained") && n.Contains("seed 3"));
        Assert.True(first.Manifest.Model.ClassifierUntrained);
        Assert.Equal(3, first.Manifest.Model.InitSeed);
        Assert.Contains("classifier.weight", first.Manifest.Model.NewlyInitialised);
        Assert.Equal("BertModel", first.Manifest.Model.Architecture);
        var again = EvaluationRun.Execute(Settings("minilm", temp.File("b"), task) with { InitSeed = 3 });
        Assert.Equal(first.Evaluation.Predictions.SelectMany(p => p.Logits), again.Evaluation.Predictions.SelectMany(p => p.Logits));
    }

    [Fact]
    public void A_custom_file_is_evaluated_with_its_columns_labels_and_template()
    {
        using var temp = new TempFolder();
        var file = temp.File("reviews.tsv");
        File.WriteAllText(file, "review\tverdict\nenak sekali\tgood\nmahal dan lambat\tbad\nbiasa saja\tgood\n");
        var task = new TaskSelection(TaskSelection.CustomKey, File: file, TextColumn: "review", LabelColumn: "verdict",
            Labels: ["bad", "good"], Template: "{text} | sentiment:", LabelWords: [" negative", " positive"]);
        var run = EvaluationRun.Execute(Settings(SharedFolder.Fixture("tiny-qwen2"), temp.File("run"), task));
        Assert.Equal(["bad", "good"], run.Evaluation.LabelNames);
        Assert.Equal([1, 0, 1], run.Evaluation.Predictions.Select(p => p.Gold));
        Assert.Equal(("reviews", TaskSelection.UndeterminedLanguage, "test"), (run.Manifest.Data.Dataset, run.Manifest.Data.Language, run.Manifest.Data.Split));
        Assert.Equal([358L, 320], run.Manifest.Task.LabelTokenIds);
        Assert.Contains("language", run.Manifest.Conventions.Keys);
    }
}
