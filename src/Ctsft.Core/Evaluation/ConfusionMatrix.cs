namespace Ctsft.Evaluation;

/// <summary>Counts of (gold, predicted) label pairs: rows are gold labels, columns predicted labels, in label order.</summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Counts)
{
    public int this[int gold, int predicted] => Counts[gold][predicted];

    public int Total => Counts.Sum(row => row.Sum());

    public int Correct => Enumerable.Range(0, Labels.Count).Sum(i => Counts[i][i]);

    /// <summary>Examples whose gold label is <paramref name="label"/> (the class's support).</summary>
    public int GoldCount(int label) => Counts[label].Sum();

    /// <summary>Examples predicted as <paramref name="label"/>.</summary>
    public int PredictedCount(int label) => Counts.Sum(row => row[label]);

    public static ConfusionMatrix From(IReadOnlyList<string> labels, IReadOnlyList<int> gold, IReadOnlyList<int> predicted)
    {
        if (gold.Count != predicted.Count)
            throw new ArgumentException($"{gold.Count} gold labels but {predicted.Count} predictions");
        var counts = labels.Select(_ => new int[labels.Count]).ToArray();
        for (var i = 0; i < gold.Count; i++)
        {
            if ((uint)gold[i] >= (uint)labels.Count || (uint)predicted[i] >= (uint)labels.Count)
                throw new ArgumentOutOfRangeException(nameof(gold), $"example {i}: label index out of range 0..{labels.Count - 1} (gold {gold[i]}, predicted {predicted[i]})");
            counts[gold[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(labels, counts);
    }
}
