namespace Ctsft.Evaluation;

/// <summary>
/// Accuracy, macro-F1, per-label precision / recall / F1 / support, the confusion matrix (rows gold,
/// columns predicted) and the mean gold margin of one evaluation.
/// </summary>
public sealed record ClassificationMetrics(
    int Count,
    double Accuracy,
    double MacroF1,
    IReadOnlyList<ClassMetrics> PerClass,
    ConfusionMatrix Confusion,
    double MeanGoldMargin)
{
    /// <summary>
    /// How macro-F1 averages, recorded in every metrics file: the unweighted mean of F1 over the labels that
    /// occur as gold or as prediction (scikit-learn's default label set); a label absent from both is left out.
    /// </summary>
    public const string MacroAverage = "unweighted mean of per-label F1 over the labels occurring as gold or as prediction (scikit-learn's default)";

    /// <summary>The convention for empty denominators, recorded in every metrics file.</summary>
    public const string ZeroDivision = "precision of a label never predicted = 0; recall of a label with no gold example = 0; F1 = 0 when precision + recall = 0";

    public static ClassificationMetrics Compute(IReadOnlyList<string> labels, IReadOnlyList<int> gold, IReadOnlyList<int> predicted,
        IReadOnlyList<double> goldMargins)
    {
        if (gold.Count == 0) throw new BadInputException("nothing to evaluate: there are no examples");
        if (goldMargins.Count != gold.Count) throw new ArgumentException($"{goldMargins.Count} gold margins for {gold.Count} examples");
        var confusion = ConfusionMatrix.From(labels, gold, predicted);
        var perClass = Enumerable.Range(0, labels.Count).Select(l => ClassMetrics.Of(confusion, l)).ToArray();
        var macroF1 = perClass.Where(c => c.Occurs).Average(c => c.F1);
        return new ClassificationMetrics(gold.Count, (double)confusion.Correct / gold.Count, macroF1, perClass, confusion, goldMargins.Average());
    }
}
