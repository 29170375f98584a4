namespace Ctsft.Evaluation;

/// <summary>
/// One example's outcome: gold and predicted label indices, the label logits, their softmax over the labels
/// (for a decoder: over the label tokens only, as prediction is) and the gold margin.
/// </summary>
public sealed record Prediction(string Id, int Gold, int Predicted, IReadOnlyList<float> Logits, IReadOnlyList<double> Probabilities, double GoldMargin)
{
    public bool Correct => Gold == Predicted;

    /// <summary>Scores one row of label logits; ties go to the lower label index.</summary>
    public static Prediction FromLogits(string id, int gold, IReadOnlyList<float> logits, double goldMargin) =>
        new(id, gold, ArgMax(logits), logits, Softmax(logits), goldMargin);

    public static int ArgMax(IReadOnlyList<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Count; i++)
            if (logits[i] > logits[best]) best = i;
        return best;
    }

    /// <summary>Softmax in double precision, shifted by the maximum.</summary>
    public static double[] Softmax(IReadOnlyList<float> logits)
    {
        var max = logits.Max();
        var exps = logits.Select(l => Math.Exp((double)l - max)).ToArray();
        var sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }
}
