using Ctsft.Data;
using Ctsft.Evaluation;
using Ctsft.Tasks;
using Ctsft.Tests.Data;
using static TorchSharp.torch;

namespace Ctsft.Tests.Evaluation;

/// <summary>Batched evaluation on the tiny fixtures and on MiniLM: batch size, padding and batch order never change a prediction.</summary>
public class TaskEvaluationTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    [Theory, MemberData(nameof(Fixtures))]
    public void Predictions_and_logits_do_not_depend_on_batch_size_on_the_fixtures(string fixture)
    {
        using var model = FixtureTask.Load(fixture);
        AssertBatchSizeInvariant(model, FixtureTask.Fit(fixture, SharedDatasets.Nusax("jav", "test").Examples));
    }

    [Fact]
    public void Predictions_and_logits_do_not_depend_on_batch_size_on_minilm()
    {
        using var model = TaskModel.Load("minilm", ClassificationTask.NusaxSenti);
        // Rows of very different lengths (the longest are truncated), so batches of 7 and 32 carry much padding.
        var examples = SharedDatasets.Nusax("jav", "test").Examples.OrderBy(e => e.Text.Length).Where((_, i) => i % 5 == 0).ToArray();
        AssertBatchSizeInvariant(model, examples);
    }

    private static void AssertBatchSizeInvariant(TaskModel model, IReadOnlyList<Example> examples)
    {
        var results = new[] { 1, 7, 32 }.Select(b => TaskEvaluation.Evaluate(model, examples, b, order: BatchOrder.Input))
            .Concat(new[] { 7, 32 }.Select(b => TaskEvaluation.Evaluate(model, examples, b, order: BatchOrder.ByLength))).ToArray();
        var reference = results[0];
        Assert.Equal(examples.Select(e => e.Id), reference.Predictions.Select(p => p.Id));
        foreach (var other in results.Skip(1))
        {
            Assert.Equal(reference.Predictions.Select(p => p.Predicted), other.Predictions.Select(p => p.Predicted));
            for (var i = 0; i < examples.Count; i++)
                for (var l = 0; l < reference.LabelNames.Count; l++)
                    Assert.True(Math.Abs(reference.Predictions[i].Logits[l] - other.Predictions[i].Logits[l]) <= 1e-5,
                        $"example {examples[i].Id} label {l}: {reference.Predictions[i].Logits[l]} vs {other.Predictions[i].Logits[l]}");
            Assert.Equal(reference.Metrics.Confusion.Counts.Select(r => r.ToArray()), other.Metrics.Confusion.Counts.Select(r => r.ToArray()));
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Predictions_are_the_argmax_of_the_task_models_label_logits_with_their_metrics(string fixture)
    {
        using var model = FixtureTask.Load(fixture);
        var data = FixtureTask.Fit(fixture, SharedDatasets.Nusax("ind", "valid"));
        var result = TaskEvaluation.Evaluate(model, data);
        using var logits = model.LabelLogits(data.Examples);
        var expected = logits.argmax(1).data<long>().Select(i => (int)i).ToArray();
        Assert.Equal(expected, result.Predictions.Select(p => p.Predicted));
        Assert.Equal(data.Examples.Select(e => e.Label), result.Predictions.Select(p => p.Gold));
        Assert.Equal(result.Predictions.Count(p => p.Correct) / (double)data.Count, result.Metrics.Accuracy, 12);
        Assert.Equal(data.LabelCounts(), result.Metrics.PerClass.Select(c => c.Support));
        Assert.All(result.Predictions, p => Assert.Equal(1.0, p.Probabilities.Sum(), 9));
        Assert.All(result.Predictions, p => Assert.Equal(p.Correct, p.GoldMargin > 0 || (p.GoldMargin == 0 && p.Gold == p.Predicted)));
    }

    [Fact]
    public void Evaluation_reports_progress_and_restores_training_mode()
    {
        using var model = TaskModel.Load(SharedFolder.Fixture("tiny-bert"), ClassificationTask.NusaxSenti);
        var examples = SharedDatasets.Nusax("jav", "valid").Examples.Take(10).ToArray();
        var reports = new List<EvaluationProgress>();
        model.Model.train();
        TaskEvaluation.Evaluate(model, examples, 4, new InlineProgress<EvaluationProgress>(reports.Add));
        Assert.True(model.Model.training);
        Assert.Equal([new(4, 10), new(8, 10), new(10, 10)], reports);
    }

    [Fact]
    public void Data_whose_labels_differ_from_the_task_or_a_bad_batch_size_is_refused()
    {
        using var model = TaskModel.Load(SharedFolder.Fixture("tiny-bert"), ClassificationTask.NusaxSenti);
        var data = SharedDatasets.Xnli("en", "dev");
        var error = Assert.Throws<BadInputException>(() => TaskEvaluation.Evaluate(model, data));
        Assert.Contains("entailment", error.Message);
        Assert.Equal("batch_size", Assert.Throws<BadSettingException>(() => TaskEvaluation.Evaluate(model, SharedDatasets.Nusax("jav", "test"), batchSize: 0)).Setting);
    }

    [Fact]
    public void Metrics_from_given_logits_match_a_hand_count()
    {
        using var scope = NewDisposeScope();
        Example[] examples = [new("1", "x", null, 0), new("2", "y", null, 1), new("3", "z", null, 2)];
        var logits = tensor(new float[,] { { 3, 1, 0 }, { 2, 1, 0 }, { 0, 1, 5 } });
        var result = TaskEvaluation.FromLogits(["n", "u", "p"], examples, logits);
        Assert.Equal([0, 0, 2], result.Predictions.Select(p => p.Predicted));
        Assert.Equal(2.0 / 3, result.Metrics.Accuracy, 12);
        Assert.Equal((2.0 + -1.0 + 4.0) / 3, result.Metrics.MeanGoldMargin, 6);
    }
}

/// <summary>Reports synchronously (System.Progress posts to a synchronisation context).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
