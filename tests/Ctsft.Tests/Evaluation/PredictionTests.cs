using Ctsft.Evaluation;

namespace Ctsft.Tests.Evaluation;

public class PredictionTests
{
    [Fact]
    public void Argmax_ties_go_to_the_lower_label_index()
    {
        Assert.Equal(1, Prediction.ArgMax([0f, 2f, 2f]));
        Assert.Equal(0, Prediction.ArgMax([5f, 5f, 5f]));
        Assert.Equal(2, Prediction.ArgMax([-3f, -2f, -1f]));
    }

    [Fact]
    public void Probabilities_are_the_softmax_of_the_logits()
    {
        var p = Prediction.Softmax([0f, MathF.Log(3f), 1000f - 1000f]);
        // exp: 1, 3, 1 -> 0.2, 0.6, 0.2.
        Assert.Equal(0.2, p[0], 6);
        Assert.Equal(0.6, p[1], 6);
        Assert.Equal(0.2, p[2], 6);
        var large = Prediction.Softmax([1000f, 1000f]);
        Assert.Equal([0.5, 0.5], large);
    }
}
