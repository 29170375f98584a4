using Ctsft.Reproducibility;

namespace Ctsft.Experiments;

/// <summary>
/// One transfer (<c>ctsft run</c>, one cell of an experiment): the base model, the task, proxy and target, n
/// target examples, the arm, the selection depth and size, the seed and the stage sizes and rates. Every field is
/// recorded in the result.
/// </summary>
public sealed record TransferSettings
{
    public required string Model { get; init; }
    public string Task { get; init; } = "nusax";
    public required string Proxy { get; init; }
    public required string Target { get; init; }
    public required int N { get; init; }
    public required Arm Arm { get; init; }
    public int Depth { get; init; } = 2;

    /// <summary>Fraction of all heads kept per selection iteration (when <see cref="PerIteration"/> is null).</summary>
    public double Ratio { get; init; } = 0.02;
    public int? PerIteration { get; init; }

    /// <summary>The run's seed; stage 1, the samples, the Random set and stage 2 each take a named sub-seed of it.</summary>
    public ulong Seed { get; init; } = 31;

    /// <summary>A fixed seed for the data samples (Pool A's stage-1 sample and Pool B's n-sample) instead of the run's.</summary>
    public ulong? SampleSeed { get; init; }

    /// <summary>Stage-1 size: a number of Pool A examples or <c>all</c> (the paper: 50).</summary>
    public string ProxyN { get; init; } = "50";
    public LearningRates Rates { get; init; } = new();
    public IReadOnlyList<string>? XnliLanguages { get; init; }

    /// <summary>Task <c>custom</c>: the user's files (one per language: the proxy's and the target's) and their columns.</summary>
    public Data.UserTask? UserData { get; init; }
    public string? DataDir { get; init; }
    public ulong SplitSeed { get; init; }
    public int MeanSize { get; init; } = 50;
    public int DiscoverySize { get; init; } = 50;

    /// <summary>
    /// The products' arithmetic of training and evaluation (discovery where <see cref="Circuits.DiscoveryPrecision"/>
    /// allows it, else fp32). Part of every stage's key only when not fp32, so fp32 stages keep their hashes.
    /// </summary>
    public Runtime.Precision Precision { get; init; } = Runtime.Precision.Fp32;

    /// <summary>
    /// XNLI: the settings with the run's one language set for every stage (so the 128-token filter keeps the same rows
    /// in stage 1, discovery, stage 2 and every evaluation): the given set, else English, the proxy and the target.
    /// </summary>
    public TransferSettings WithRunLanguages() => Task == Data.Xnli.Task.Key && XnliLanguages is null
        ? this with { XnliLanguages = new[] { Data.Xnli.Task.ProxyLanguage, Proxy, Target }.Distinct().ToArray() }
        : this;

    public ulong Stage1TrainingSeed => SeededRandom.DeriveSeed(Seed, SeedPurposes.Stage1Training);
    public ulong Stage2TrainingSeed => SeededRandom.DeriveSeed(Seed, SeedPurposes.Stage2Training);

    /// <summary>The seed the nested samples derive their purposes from (pool-a / pool-b sample).</summary>
    public ulong DataSampleSeed => SampleSeed ?? Seed;

    /// <summary>Discovery's seed: its mean set, discovery set and Random set derive their named sub-seeds from it.</summary>
    public ulong DiscoverySeed => Seed;
}
