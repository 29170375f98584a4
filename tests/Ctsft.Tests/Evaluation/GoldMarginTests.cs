using Ctsft.Evaluation;
using static TorchSharp.torch;

namespace Ctsft.Tests.Evaluation;

public class GoldMarginTests
{
    [Fact]
    public void Margin_is_the_gold_logit_minus_the_best_other_logit()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[,] { { 2, 1, 0.5f }, { 0, 3, 1 }, { 1, 1, 1 }, { -1, -4, -2 } });
        var gold = tensor(new long[] { 0, 0, 2, 2 });
        // 2 - 1; 0 - 3; 1 - 1 (a tie is margin 0); -2 - (-1).
        Assert.Equal(new float[] { 1, -3, 0, -1 }, GoldMargin.Of(logits, gold).data<float>().ToArray());
        Assert.Equal(-0.75, GoldMargin.Mean(logits, gold), 12);
    }

    [Fact]
    public void Margin_with_two_labels_is_the_logit_difference_and_carries_gradients()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[,] { { 0.25f, 1.5f } }).requires_grad_();
        var margin = GoldMargin.Of(logits, tensor(new long[] { 1 }));
        Assert.Equal(1.25f, margin.item<float>());
        margin.sum().backward();
        Assert.Equal(new float[] { -1, 1 }, logits.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Shapes_that_do_not_match_are_refused()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => GoldMargin.Of(zeros(3, 1), zeros(3, dtype: int64)));
        Assert.Throws<ArgumentException>(() => GoldMargin.Of(zeros(3, 2), zeros(2, dtype: int64)));
    }
}
