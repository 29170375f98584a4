using System.Diagnostics;
using Ctsft.Checkpoints;
using Ctsft.Data;
using Ctsft.Data.Protocol;
using Ctsft.Models;
using Ctsft.Tasks;

namespace Ctsft.Circuits;

/// <summary>
/// A whole discovery run (method.md 5): the competence checkpoint's predictions on Pool A, the label-balanced
/// mean set and the discovery set, the means, CD-T scores of every head, the selection to the max depth, the
/// comparison sets and the faithfulness of every scope on the validation split.
/// </summary>
public static class CircuitDiscovery
{
    public static DiscoveryResult Run(DiscoverySettings settings, IProgress<DiscoveryProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var dataTask = DataTasks.Get(settings.Task);
        var task = ClassificationTask.For(dataTask);
        if (settings.MeanSize < 1) throw new BadInputException($"--mean-size {settings.MeanSize} must be at least 1");
        if (settings.DiscoverySize < 1) throw new BadInputException($"--discovery-size {settings.DiscoverySize} must be at least 1");
        progress?.Report(new("loading the checkpoint"));
        using var taskModel = TaskModel.Load(settings.Checkpoint, task, settings.InitSeed);
        var model = taskModel.Model;
        var config = model.Config;
        var newlyInitialised = taskModel.Pretrained.Loaded.Report.NewlyInitialised;
        CheckReadout(settings, newlyInitialised);
        CheckDepth(settings.Depth, config);
        var perIteration = settings.PerIteration ?? CircuitSelection.PerIterationFor(settings.Ratio, config.TotalHeads);
        if (perIteration < 1) throw new BadInputException($"--per-iteration {perIteration} must be at least 1");
        var warnings = new List<string>();

        progress?.Report(new("loading data"));
        var data = DiscoveryData.Load(dataTask, settings.DataDir, settings.Language, settings.SplitSeed, taskModel.Readout);
        progress?.Report(new("predicting Pool A", 0, data.PoolA.Count));
        var predictions = Predict(taskModel, data.PoolA.Examples, settings.EvaluationBatchSize);
        var isCorrect = PredictionCheck.FromPredictions(data.PoolA, predictions);
        var competence = data.PoolA.Examples.Count(isCorrect) / (double)data.PoolA.Count;

        var meanSet = MeanSet.Select(data.PoolA, isCorrect, settings.Seed, settings.MeanSize);
        if (meanSet.FellBack)
            warnings.Add($"the mean set could not be label-balanced: correctly predicted per class {Counts(meanSet.CorrectPerClass, task)}, " +
                         $"wanted {Counts(meanSet.BalancedQuota, task)}, took {Counts(meanSet.PerClassCounts, task)}; mu is the mean of the per-class means (method.md 5.2)");
        var discovery = DiscoverySet.Select(data.PoolA, isCorrect, settings.Seed, meanSet,
            new DiscoverySetOptions(settings.DiscoverySize, settings.DiscoveryDisjointFromMeanSet));
        var provenance = new MeanProvenance(meanSet.Examples.Ids.ToArray(), task.LabelNames, meanSet.PerClassCounts,
            meanSet.BalancedQuota, meanSet.CorrectPerClass, meanSet.FellBack);

        progress?.Report(new("computing the means"));
        using var means = LabelBalancedMean.Compute(model, taskModel.Readout, meanSet.Examples.Examples, provenance, settings.EvaluationBatchSize);
        var scoringClock = Stopwatch.StartNew();
        var scorer = new HeadScorer(model, taskModel.Readout, means, settings.Decomposition, settings.Scoring);
        var scores = scorer.Score(discovery.Examples.Examples, progress: new InlineProgress<ScoringProgress>(p => progress?.Report(new("scoring heads", p.Done, p.Total))));
        scoringClock.Stop();

        var selection = CircuitSelection.Run(scores, perIteration, settings.Depth);
        if (selection.Depths.Count <= settings.Depth)
            warnings.Add($"the selection stopped at depth {selection.Depths.Count - 1}: no candidate head was left below the targets");
        var comparison = ComparisonSets.Build(selection.Depths[0].Scores, selection.Circuit, settings.Seed);

        progress?.Report(new("faithfulness on the validation split"));
        var faithfulness = new Faithfulness(model, taskModel.Readout, means, settings.Margin, settings.EvaluationBatchSize);
        var validation = data.Validation.Examples;
        var full = faithfulness.Evaluate(validation);
        var scopes = new[]
        {
            faithfulness.Compare("circuit", selection.Circuit.ToArray(), validation, full),
            faithfulness.Compare("near_zero", comparison.NearZero, validation, full),
            faithfulness.Compare("least", comparison.Least, validation, full),
            faithfulness.Compare("random", comparison.Random, validation, full),
        };

        return new DiscoveryResult(settings, config, taskModel.Pretrained.Folder, ModelHash.OfTensors(model.Parameters()), newlyInitialised,
            taskModel.Readout.LabelTokenIds, taskModel.Readout.Padding, data, competence, meanSet, provenance, discovery.Examples, scores,
            selection, comparison, full, scopes, warnings, settings.Scoring.BatchSizeFor(model), scoringClock.Elapsed, clock.Elapsed);
    }

    /// <summary>Depth d needs targets in a layer above d other layers: at most layers - 1.</summary>
    public static void CheckDepth(int depth, TransformerConfig config)
    {
        if (depth < 0) throw new BadInputException($"--depth {depth} must be 0 or more");
        if (depth > config.NumLayers - 1)
            throw new BadInputException(
                $"--depth {depth} cannot be reached: the model has {config.NumLayers} layers, and each depth needs its sources in a layer below its targets, so the deepest possible is {config.NumLayers - 1}");
    }

    private static void CheckReadout(DiscoverySettings settings, IReadOnlyList<string> newlyInitialised)
    {
        var created = newlyInitialised.Where(n => n.StartsWith("classifier.", StringComparison.Ordinal)).ToArray();
        if (created.Length > 0 && !settings.AllowNewClassifier)
            throw new BadInputException(
                $"{settings.Checkpoint}: the checkpoint has no classifier for task '{settings.Task}' ({string.Join(", ", created)} would be created at random); " +
                "discover heads on a competence checkpoint trained on the task, or pass --allow-new-classifier to score against a seeded random classifier");
    }

    private static int[] Predict(TaskModel model, IReadOnlyList<Example> examples, int batchSize)
    {
        using var logits = model.LabelLogits(examples, batchSize);
        using var predicted = logits.argmax(1);
        return predicted.data<long>().Select(p => (int)p).ToArray();
    }

    private static string Counts(IReadOnlyList<int> counts, ClassificationTask task) =>
        string.Join(", ", counts.Select((c, i) => $"{task.LabelNames[i]} {c}"));
}
