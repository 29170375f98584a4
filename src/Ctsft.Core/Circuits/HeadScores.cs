using Ctsft.Models;

namespace Ctsft.Circuits;

/// <summary>
/// What one decomposed scoring run measured, per discovery example: every source head's beta label logits
/// (the input of eq. 4) and R(s, t) for every target head t (eq. 6, before averaging; 0 where s is not below t).
/// Depth scores of method.md 5.4 are averages of these.
/// </summary>
public sealed class HeadScores
{
    private readonly double[,,] _betaLogits;      // [example, source, label]
    private readonly double[,,] _targetRelevance; // [example, source, target]

    public HeadScores(TransformerConfig config, IReadOnlyList<string> exampleIds, IReadOnlyList<int> goldLabels, int labels)
    {
        Layers = config.NumLayers;
        HeadsPerLayer = config.NumAttentionHeads;
        ExampleIds = exampleIds;
        GoldLabels = goldLabels;
        _betaLogits = new double[exampleIds.Count, HeadCount, labels];
        _targetRelevance = new double[exampleIds.Count, HeadCount, HeadCount];
    }

    public int Layers { get; }
    public int HeadsPerLayer { get; }
    public int HeadCount => Layers * HeadsPerLayer;
    public IReadOnlyList<string> ExampleIds { get; }
    public IReadOnlyList<int> GoldLabels { get; }
    public int Labels => _betaLogits.GetLength(2);

    public double BetaLogit(int example, HeadRef source, int label) => _betaLogits[example, Flat(source), label];

    public double TargetRelevance(int example, HeadRef source, HeadRef target) => _targetRelevance[example, Flat(source), Flat(target)];

    internal void SetBetaLogits(int example, HeadRef source, float[] logits)
    {
        for (var c = 0; c < logits.Length; c++) _betaLogits[example, Flat(source), c] = logits[c];
    }

    internal void SetTargetRelevance(int example, HeadRef source, HeadRef target, double value) =>
        _targetRelevance[example, Flat(source), Flat(target)] = value;

    /// <summary>Eq. 4 for one example: beta_logit(gold) - mean over the other labels of beta_logit.</summary>
    public double Depth0(int example, HeadRef source)
    {
        var gold = GoldLabels[example];
        double others = 0;
        for (var c = 0; c < Labels; c++)
            if (c != gold) others += BetaLogit(example, source, c);
        return BetaLogit(example, source, gold) - others / (Labels - 1);
    }

    /// <summary>Depth-0 relevance of every head, averaged over the examples: [layer, head].</summary>
    public double[,] Depth0Scores() => Average((e, s) => Depth0(e, s));

    /// <summary>
    /// Depth d >= 1 relevance toward <paramref name="targets"/>: per example the mean over all targets of
    /// R(s, t) (0 for a source at or above t's layer), then the mean over examples: [layer, head].
    /// </summary>
    public double[,] TargetScores(IReadOnlyList<HeadRef> targets)
    {
        if (targets.Count == 0) throw new ArgumentException("no targets", nameof(targets));
        return Average((e, s) => targets.Sum(t => s.Layer < t.Layer ? TargetRelevance(e, s, t) : 0.0) / targets.Count);
    }

    private double[,] Average(Func<int, HeadRef, double> perExample)
    {
        var scores = new double[Layers, HeadsPerLayer];
        for (var l = 0; l < Layers; l++)
            for (var h = 0; h < HeadsPerLayer; h++)
            {
                double sum = 0;
                for (var e = 0; e < ExampleIds.Count; e++) sum += perExample(e, new HeadRef(l, h));
                scores[l, h] = sum / ExampleIds.Count;
            }
        return scores;
    }

    private int Flat(HeadRef head) => head.FlatIndex(HeadsPerLayer);
}
