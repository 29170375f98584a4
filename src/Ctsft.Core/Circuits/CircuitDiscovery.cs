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
    public static DiscoveryResult Run(DiscoverySettings settings, IProgress<DiscoveryProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        DiscoveryPrecision.Check(settings.Precision);
        using var precision = Runtime.MixedPrecision.Use(settings.Precision);
        var dataTask = settings.File is null ? DataTasks.Get(settings.Task) : null;
        var task = settings.File is { } file ? ClassificationTask.ForFile(file) : ClassificationTask.For(dataTask!);
        if (settings.MeanSize < 1) throw new BadSettingException("mean_size", $"{{mean_size}} {settings.MeanSize} must be at least 1");
        if (settings.DiscoverySize < 1) throw new BadSettingException("discovery_size", $"{{discovery_size}} {settings.DiscoverySize} must be at least 1");
        progress?.Report(new("loading the checkpoint"));
        using var taskModel = TaskModel.Load(settings.Checkpoint, task, settings.InitSeed, device: settings.Device.Device);
        var model = taskModel.Model;
        var config = model.Config;
        var newlyInitialised = taskModel.Pretrained.Loaded.Report.NewlyInitialised;
        CheckReadout(settings, newlyInitialised);
        CheckDepth(settings.Depth);
        var perIteration = settings.PerIteration ?? CircuitSelection.PerIterationFor(settings.Ratio, config.TotalHeads);
        if (perIteration < 1) throw new BadSettingException("per_iteration", $"{{per_iteration}} {perIteration} must be at least 1");
        var warnings = new List<string>();

        progress?.Report(new("loading data"));
        if (settings.XnliLanguages is not null && dataTask?.Key != Xnli.Task.Key)
            throw new BadSettingException(XnliLanguageSet.Setting, $"{{{XnliLanguageSet.Setting}}} applies to task xnli only (the task is {settings.Task})");
        var data = settings.File is { } userFile
            ? DiscoveryData.Load(userFile, settings.Language, settings.SplitSeed)
            : DiscoveryData.Load(dataTask!, settings.DataDir, settings.Language, settings.SplitSeed, taskModel.Readout, settings.XnliLanguages);
        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new("predicting Pool A", 0, data.PoolA.Count));
        var predictions = Predict(taskModel, data.PoolA.Examples, settings.EvaluationBatchSize, cancellation);
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

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new("computing the means"));
        using var means = LabelBalancedMean.Compute(model, taskModel.Readout, meanSet.Examples.Examples, provenance, settings.EvaluationBatchSize);
        var scoringClock = Stopwatch.StartNew();
        var scorer = new HeadScorer(model, taskModel.Readout, means, settings.Decomposition, settings.Scoring);
        var scores = scorer.Score(discovery.Examples.Examples, progress: new InlineProgress<ScoringProgress>(p => progress?.Report(new("scoring heads", p.Done, p.Total))), cancellation: cancellation);
        scoringClock.Stop();

        var selection = CircuitSelection.Run(scores, perIteration, settings.Depth);
        if (selection.Depths.Count <= settings.Depth)
            warnings.Add($"the selection stopped at depth {selection.Depths.Count - 1}: no candidate head was left below the targets");
        var comparison = ComparisonSets.Build(selection.Depths[0].Scores, selection.Circuit, settings.Seed);

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new("faithfulness on the validation split"));
        var faithfulness = new Faithfulness(model, taskModel.Readout, means, settings.Margin, settings.EvaluationBatchSize);
        var validation = data.Validation.Examples;
        var full = faithfulness.Evaluate(validation);
        var sets = new (string Name, IReadOnlyList<HeadRef> Heads)[]
        {
            ("circuit", selection.Circuit.ToArray()), ("near_zero", comparison.NearZero), ("least", comparison.Least), ("random", comparison.Random),
        };
        var scopes = sets.Select(set =>
        {
            cancellation.ThrowIfCancellationRequested();
            return faithfulness.Compare(set.Name, set.Heads, validation, full);
        }).ToArray();

        return new DiscoveryResult(settings, config, taskModel.Pretrained.Folder, ModelHash.OfTensors(model.Parameters()), newlyInitialised,
            taskModel.Readout.LabelTokenIds, taskModel.Readout.Padding, data, competence, meanSet, provenance, discovery.Examples, scores,
            selection, comparison, full, scopes, warnings, settings.Scoring.BatchSizeFor(model), scoringClock.Elapsed, clock.Elapsed);
    }

    /// <summary>
    /// Any depth from 0 is accepted (method.md 9): a depth the model cannot reach (each depth needs its sources in a
    /// layer below its targets) ends the search when no candidate is left, recorded as <c>depth_reached</c> with a warning.
    /// </summary>
    public static void CheckDepth(int depth)
    {
        if (depth < 0) throw new BadSettingException("depth", $"{{depth}} {depth} must be 0 or more");
    }

    private static void CheckReadout(DiscoverySettings settings, IReadOnlyList<string> newlyInitialised)
    {
        var created = newlyInitialised.Where(n => n.StartsWith("classifier.", StringComparison.Ordinal)).ToArray();
        if (created.Length > 0 && !settings.AllowNewClassifier)
            throw new BadSettingException("allow_new_classifier",
                $"{settings.Checkpoint}: the checkpoint has no classifier for task '{settings.Task}' ({string.Join(", ", created)} would be created at random); " +
                "discover heads on a competence checkpoint trained on the task, or set {allow_new_classifier} to score against a seeded random classifier");
    }

    private static int[] Predict(TaskModel model, IReadOnlyList<Example> examples, int batchSize, CancellationToken cancellation)
    {
        using var logits = model.LabelLogits(examples, batchSize, cancellation: cancellation);
        using var predicted = logits.argmax(1);
        return predicted.cpu().data<long>().Select(p => (int)p).ToArray();
    }

    private static string Counts(IReadOnlyList<int> counts, ClassificationTask task) =>
        string.Join(", ", counts.Select((c, i) => $"{task.LabelNames[i]} {c}"));
}
