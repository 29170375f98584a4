using Ctsft.Evaluation;

namespace Ctsft.Tests.Evaluation;

/// <summary>Every metric formula on small cases computed by hand.</summary>
public class ClassificationMetricsTests
{
    private static readonly string[] Abcd = ["a", "b", "c", "d"];

    // gold:      a a a b b c c c     (d never occurs)
    // predicted: a a b b a a a b     (c is never predicted)
    private static readonly int[] Gold = [0, 0, 0, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 0, 0, 0, 1];
    private static readonly double[] Margins = [1, 2, -1, 0.5, -0.5, -2, -3, -1];

    private static ClassificationMetrics HandCase() => ClassificationMetrics.Compute(Abcd, Gold, Predicted, Margins);

    [Fact]
    public void Confusion_matrix_has_gold_rows_and_predicted_columns()
    {
        var confusion = HandCase().Confusion;
        int[][] expected = [[2, 1, 0, 0], [1, 1, 0, 0], [2, 1, 0, 0], [0, 0, 0, 0]];
        Assert.Equal(expected, confusion.Counts.Select(r => r.ToArray()).ToArray());
        Assert.Equal(8, confusion.Total);
        Assert.Equal(3, confusion.Correct);
        Assert.Equal(3, confusion.GoldCount(2));
        Assert.Equal(5, confusion.PredictedCount(0));
    }

    [Fact]
    public void Accuracy_is_the_share_of_correct_predictions()
    {
        Assert.Equal(3.0 / 8, HandCase().Accuracy, 12);
        Assert.Equal(8, HandCase().Count);
    }

    [Fact]
    public void Precision_recall_f1_and_support_per_class()
    {
        var perClass = HandCase().PerClass;
        // a: 2 of 5 predicted a are a; 2 of 3 gold a found; F1 = 2 * 0.4 * 2/3 / (0.4 + 2/3) = 0.5.
        AssertClass(perClass[0], "a", 0.4, 2.0 / 3, 0.5, support: 3, predicted: 5);
        // b: 1 of 3; 1 of 2; F1 = 2 * 1/3 * 1/2 / (5/6) = 0.4.
        AssertClass(perClass[1], "b", 1.0 / 3, 0.5, 0.4, support: 2, predicted: 3);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero_by_convention()
    {
        // c: never predicted, so precision = 0/0, taken as 0 (scikit-learn's zero_division=0); recall 0/3.
        AssertClass(HandCase().PerClass[2], "c", 0, 0, 0, support: 3, predicted: 0);
    }

    [Fact]
    public void Macro_f1_averages_the_classes_that_occur_as_gold_or_prediction()
    {
        // (0.5 + 0.4 + 0) / 3: d occurs neither as gold nor as prediction and is left out.
        Assert.Equal(0.3, HandCase().MacroF1, 12);
        AssertClass(HandCase().PerClass[3], "d", 0, 0, 0, support: 0, predicted: 0);
    }

    [Fact]
    public void A_class_predicted_but_never_gold_counts_in_macro_f1_with_recall_zero()
    {
        // gold x x, predicted x y: x has P 1, R 1/2, F1 2/3; y has no support: P 0/1, R 0 (no gold), F1 0.
        var metrics = ClassificationMetrics.Compute(["x", "y"], [0, 0], [0, 1], [1, -1]);
        AssertClass(metrics.PerClass[0], "x", 1, 0.5, 2.0 / 3, support: 2, predicted: 1);
        AssertClass(metrics.PerClass[1], "y", 0, 0, 0, support: 0, predicted: 1);
        Assert.Equal(1.0 / 3, metrics.MacroF1, 12);
        Assert.Equal(0.5, metrics.Accuracy, 12);
    }

    [Fact]
    public void Perfect_predictions_score_one_everywhere()
    {
        var metrics = ClassificationMetrics.Compute(["x", "y", "z"], [0, 1, 2, 2], [0, 1, 2, 2], [1, 1, 1, 1]);
        Assert.Equal(1, metrics.Accuracy);
        Assert.Equal(1, metrics.MacroF1);
        Assert.All(metrics.PerClass, c => Assert.Equal((1.0, 1.0, 1.0), (c.Precision, c.Recall, c.F1)));
    }

    [Fact]
    public void Mean_gold_margin_is_the_mean_of_the_margins()
    {
        Assert.Equal(Margins.Average(), HandCase().MeanGoldMargin, 12);
    }

    [Fact]
    public void No_examples_is_refused()
    {
        Assert.Throws<BadInputException>(() => ClassificationMetrics.Compute(Abcd, [], [], []));
    }

    private static void AssertClass(ClassMetrics c, string label, double precision, double recall, double f1, int support, int predicted)
    {
        Assert.Equal(label, c.Label);
        Assert.Equal(precision, c.Precision, 12);
        Assert.Equal(recall, c.Recall, 12);
        Assert.Equal(f1, c.F1, 12);
        Assert.Equal(support, c.Support);
        Assert.Equal(predicted, c.Predicted);
    }
}
