namespace Ctsft.Circuits;

/// <summary>Every setting of a discovery run (<c>ctsft discover</c>); all of them are recorded in circuit.json.</summary>
public sealed record DiscoverySettings
{
    /// <summary>The competence checkpoint: a model folder, hub id or built-in name.</summary>
    public required string Checkpoint { get; init; }
    public string Task { get; init; } = "nusax";
    public required string Language { get; init; }

    /// <summary>Max depth D of the selection (method.md 5.5: 0, 1, 2; the paper goes to 3).</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Fraction p of all heads kept per iteration (k = max(1, floor(p x heads))).</summary>
    public double Ratio { get; init; } = 0.02;

    /// <summary>Heads per iteration; overrides <see cref="Ratio"/> when set.</summary>
    public int? PerIteration { get; init; }

    public DecompositionOptions Decomposition { get; init; } = DecompositionOptions.Default;
    public int MeanSize { get; init; } = 50;
    public int DiscoverySize { get; init; } = 50;

    /// <summary>[decision] The discovery set avoids the mean set's examples (see DiscoverySetOptions).</summary>
    public bool DiscoveryDisjointFromMeanSet { get; init; } = true;

    public ulong SplitSeed { get; init; }

    /// <summary>Seed of the mean set, the discovery set and the Random comparison set (one named purpose each).</summary>
    public ulong Seed { get; init; }

    public string? DataDir { get; init; }
    public MarginDefinition Margin { get; init; } = MarginDefinition.MaxOfOthers;

    /// <summary>Encoders: run even when the checkpoint has no classifier for the task (a seeded new one is then used).</summary>
    public bool AllowNewClassifier { get; init; }

    /// <summary>Seed of parameters the checkpoint lacks (a new classifier).</summary>
    public int InitSeed { get; init; }

    /// <summary>XNLI: the run-level language set of the 128-token filter (null = the proxy and <see cref="Language"/>).</summary>
    public IReadOnlyList<string>? XnliLanguages { get; init; }

    /// <summary>Task <c>custom</c>: the language's user data file (Pool A of its train split, its validation split).</summary>
    public Data.UserDataFile? File { get; init; }

    public ScoringSettings Scoring { get; init; } = ScoringSettings.Default;
    public int EvaluationBatchSize { get; init; } = 32;

    /// <summary>The run's device (recorded with the GPU's name and determinism).</summary>
    public Runtime.DeviceSelection Device { get; init; } = Runtime.DeviceSelection.Cpu;

    /// <summary>The products' arithmetic; anything but fp32 only where <see cref="DiscoveryPrecision"/> allows it.</summary>
    public Runtime.Precision Precision { get; init; } = Runtime.Precision.Fp32;
}
