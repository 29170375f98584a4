using Ctsft.Data;
using Ctsft.Data.Protocol;
using Ctsft.Models;

namespace Ctsft.Circuits;

/// <summary>Everything a discovery run found and used; <see cref="CircuitReport"/> writes it as circuit.json.</summary>
public sealed record DiscoveryResult(
    DiscoverySettings Settings,
    TransformerConfig Config,
    string ModelFolder,
    string ModelHash,
    IReadOnlyList<string> NewlyInitialised,
    IReadOnlyList<long>? LabelTokenIds,
    string Padding,
    DiscoveryData Data,
    double PoolACompetenceAccuracy,
    MeanSet MeanSet,
    MeanProvenance MeanProvenance,
    Dataset DiscoverySet,
    HeadScores Scores,
    CircuitSelection Selection,
    ComparisonSets Comparison,
    TaskPerformance FullValidation,
    IReadOnlyList<FaithfulnessResult> Faithfulness,
    IReadOnlyList<string> Warnings,
    int ScoringBatchSize,
    TimeSpan ScoringTime,
    TimeSpan TotalTime)
{
    public HeadSet Circuit => Selection.Circuit;
    public double[,] Depth0 => Selection.Depths[0].Scores;

    /// <summary>XNLI: the run's language set of the 128-token filter; null for other tasks.</summary>
    public IReadOnlyList<string>? XnliLanguages => Data.XnliLanguages;
}

/// <summary>A stage of a discovery run and, while scoring, how far it is.</summary>
public readonly record struct DiscoveryProgress(string Stage, long Done = 0, long Total = 0);
