using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Evaluation;

/// <summary>
/// The gold margin of each example: its gold label's logit minus the largest logit of any other label.
/// Positive means predicted correctly (barring ties). Evaluation reports its mean; margin-faithfulness
/// (method.md 5.6) is the ratio of two such means, so circuits code calls the same function.
/// </summary>
public static class GoldMargin
{
    /// <summary>(examples, labels) logits and (examples,) gold label indices -> (examples,) margins.</summary>
    public static Tensor Of(Tensor labelLogits, Tensor gold)
    {
        if (labelLogits.dim() != 2 || labelLogits.shape[1] < 2)
            throw new ArgumentException($"label logits must be (examples, labels >= 2), got [{string.Join(",", labelLogits.shape)}]", nameof(labelLogits));
        if (gold.dim() != 1 || gold.shape[0] != labelLogits.shape[0])
            throw new ArgumentException($"gold must be ({labelLogits.shape[0]},), got [{string.Join(",", gold.shape)}]", nameof(gold));
        using var scope = NewDisposeScope();
        var goldIndex = gold.to(int64).to(labelLogits.device);
        var isGold = nn.functional.one_hot(goldIndex, labelLogits.shape[1]).to(@bool);
        var goldLogit = labelLogits.gather(1, goldIndex.unsqueeze(1)).squeeze(1);
        using var minusInfinity = double.NegativeInfinity.ToScalar();
        var bestOther = labelLogits.masked_fill(isGold, minusInfinity).max(1).values;
        return (goldLogit - bestOther).MoveToOuterDisposeScope();
    }

    /// <summary>The mean gold margin over the examples, in double precision.</summary>
    public static double Mean(Tensor labelLogits, Tensor gold)
    {
        using var scope = NewDisposeScope();
        return Of(labelLogits, gold).to(float64).mean().item<double>();
    }
}
