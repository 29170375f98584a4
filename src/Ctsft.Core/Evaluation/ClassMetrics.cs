namespace Ctsft.Evaluation;

/// <summary>
/// One label's precision, recall and F1, with its support (gold count) and how often it was predicted.
/// Conventions for empty denominators (scikit-learn's <c>zero_division=0</c>): a label never predicted has
/// precision 0; a label with no gold example has recall 0; F1 is 0 when precision + recall is 0.
/// </summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support, int Predicted)
{
    public static ClassMetrics Of(ConfusionMatrix confusion, int label)
    {
        var truePositives = confusion[label, label];
        var support = confusion.GoldCount(label);
        var predicted = confusion.PredictedCount(label);
        var precision = predicted == 0 ? 0.0 : (double)truePositives / predicted;
        var recall = support == 0 ? 0.0 : (double)truePositives / support;
        var f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(confusion.Labels[label], precision, recall, f1, support, predicted);
    }

    /// <summary>Whether the label occurs at all, as gold or as prediction.</summary>
    public bool Occurs => Support > 0 || Predicted > 0;
}
