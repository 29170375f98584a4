using Ctsft.Checkpoints;
using Ctsft.Circuits;
using Ctsft.Data;
using Ctsft.Evaluation;
using Ctsft.Hub;
using Ctsft.Models;
using Ctsft.Training;

namespace Ctsft.Experiments;

/// <summary>
/// The one place where transfers call the library's stage entry points (training, discovery, evaluation, model
/// sources): a change of those entry points is adapted here and nowhere else in Experiments/.
/// </summary>
public sealed class StageExecutor(Runtime.DeviceSelection? device = null, bool gradientCheckpointing = false)
{
    public static StageExecutor Default { get; } = new();

    /// <summary>The device every stage runs on (not part of a stage's identity: a cached stage is reused on any device).</summary>
    public Runtime.DeviceSelection Device { get; } = device ?? Runtime.DeviceSelection.Cpu;

    /// <summary>Training checkpoints its layers (recorded in each run.json; not part of a stage's identity: the results are the same).</summary>
    public bool GradientCheckpointing { get; } = gradientCheckpointing;

    /// <summary>The model's local folder (a folder as is, a built-in model, a hub id from the cache or downloaded).</summary>
    public string ResolveModel(string spec) => ModelSource.Resolve(spec);

    public TransformerConfig ReadConfig(string modelFolder) => ModelFactory.ReadConfig(Path.Combine(modelFolder, "config.json"));

    public string HashModelFolder(string modelFolder) => ModelHash.OfFolder(modelFolder);

    /// <summary>Pool B's size for the task (the largest n).</summary>
    public int PoolBSize(string task) => Data.Protocol.PoolSplit.DefaultPoolBSize;

    /// <summary>Pool A's size for the task (the largest stage-1 n).</summary>
    public int PoolASize(string task) => Data.Protocol.PoolSplit.DefaultPoolASize;

    /// <summary>
    /// Trains into <paramref name="output"/> (published by rename when complete); continues a staging folder left
    /// by a killed process from its last checkpoint. <paramref name="beforePublish"/> receives the completed staging folder.
    /// </summary>
    public TrainingRunResult Train(TransferStageTraining stage, string output, IProgress<Training.TrainingProgress>? progress, CancellationToken cancellation,
        Action<string>? beforePublish = null)
    {
        var folder = new Runs.RunFolder(output);
        var resume = Directory.Exists(folder.Staging) && new TrainingCheckpoint(folder.File(TrainingRun.CheckpointFolder)).Exists;
        if (!resume && Directory.Exists(folder.Staging)) Directory.Delete(folder.Staging, recursive: true); // killed before its first checkpoint
        var request = new TrainingRequest(stage.Model, stage.Task, stage.Language, stage.N, stage.Scope,
            new TrainingSettings { LearningRate = stage.LearningRate, Seed = stage.TrainingSeed, Precision = stage.Precision, GradientCheckpointing = GradientCheckpointing }, output,
            Pool: stage.Pool, SplitSeed: stage.SplitSeed, SampleSeed: stage.SampleSeed, DataDir: stage.DataDir, Resume: resume,
            XnliLanguages: stage.XnliLanguages, Device: Device, File: stage.File);
        var result = TrainingRun.Execute(request, progress, cancellation, beforePublish);
        cancellation.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>Runs a discovery and writes its <c>circuit.json</c> into <paramref name="folder"/>.</summary>
    public void Discover(TransferStageDiscovery stage, string folder, IProgress<DiscoveryProgress>? progress, CancellationToken cancellation = default)
    {
        var settings = new DiscoverySettings
        {
            Checkpoint = stage.Checkpoint, Task = stage.Task, Language = stage.Language, Depth = stage.Depth, Ratio = stage.Ratio,
            PerIteration = stage.PerIteration, SplitSeed = stage.SplitSeed, Seed = stage.Seed, DataDir = stage.DataDir,
            MeanSize = stage.MeanSize, DiscoverySize = stage.DiscoverySize, XnliLanguages = stage.XnliLanguages, Device = Device, File = stage.File,
            Precision = stage.Precision,
        };
        CircuitReport.Write(CircuitDiscovery.Run(settings, progress, cancellation), folder);
    }

    /// <summary>
    /// Evaluates into <paramref name="folder"/> (predictions.jsonl, metrics.json, manifest.json).
    /// <paramref name="xnliLanguages"/>: the run's XNLI language set (its 128-token filter). The folder is the cache's own
    /// staging folder, so the evaluation may replace it. <paramref name="splitSeed"/>: the run's (XNLI subsets, a user file's
    /// derived split); <paramref name="file"/>: task custom, the language's user data file.
    /// </summary>
    public ClassificationMetrics Evaluate(string model, string task, string language, string split, string? dataDir, IReadOnlyList<string>? xnliLanguages,
        string folder, IProgress<EvaluationProgress>? progress, ulong splitSeed = 0, UserDataFile? file = null, CancellationToken cancellation = default,
        Runtime.Precision precision = Runtime.Precision.Fp32) =>
        EvaluationRun.Execute(new EvaluationRunSettings(model, file is null
                ? new TaskSelection(task, language, split, XnliLanguages: xnliLanguages, SplitSeed: splitSeed)
                : TaskSelection.ForFile(file, language, split, splitSeed),
            Data.Acquisition.DataDirectory.Resolve(dataDir), OutputFolder: folder, Force: true, Device: Device, Precision: precision), progress, cancellation: cancellation).Evaluation.Metrics;

    /// <summary>The LoRA spec (from <paramref name="template"/>) whose trainable count is closest to <paramref name="circuit"/>'s, from the model's shapes.</summary>
    public Adapters.BudgetMatch MatchBudget(TransformerConfig config, Adapters.AdapterSpec template, HeadSet circuit)
    {
        using var structure = ModelFactory.CreateStructure(config);
        return Adapters.AdapterBudget.MatchHeads(structure, template, targetsGiven: false, circuit);
    }

    public static string CircuitFile(string folder) => Path.Combine(folder, CircuitReport.FileName);
    public static string EvaluationManifestFile(string folder) => Path.Combine(folder, EvaluationManifest.FileName);
    public static string EvaluationMetricsFile(string folder) => Path.Combine(folder, MetricsFile.FileName);
    public static string TrainingManifestFile(string folder) => Path.Combine(folder, TrainingRun.ManifestFile);
    public static string TrainedModelFolder(string folder) => Path.Combine(folder, TrainingRun.ModelFolder);
}

/// <summary>
/// One training stage of a transfer, as <see cref="StageExecutor.Train"/> takes it. <see cref="XnliLanguages"/> is the
/// run's XNLI language set (the 128-token filter of every stage), also part of every cache key and result. <see cref="File"/>:
/// task custom, the language's user data file.
/// </summary>
public sealed record TransferStageTraining(string Model, string Task, string Language, string N, string Pool, Scopes.ParameterScope Scope,
    double LearningRate, ulong TrainingSeed, ulong SplitSeed, ulong SampleSeed, string? DataDir, IReadOnlyList<string>? XnliLanguages,
    UserDataFile? File = null, Runtime.Precision Precision = Runtime.Precision.Fp32);

/// <summary>One discovery of a transfer, as <see cref="StageExecutor.Discover"/> takes it.</summary>
public sealed record TransferStageDiscovery(string Checkpoint, string Task, string Language, int Depth, double Ratio, int? PerIteration,
    ulong SplitSeed, ulong Seed, string? DataDir, int MeanSize, int DiscoverySize, IReadOnlyList<string>? XnliLanguages,
    UserDataFile? File = null, Runtime.Precision Precision = Runtime.Precision.Fp32);
