using TorchSharp;
using Ctsft.Runtime;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>Accuracy and mean gold margin of a model (or its mean-ablated variant) on a set of examples.</summary>
public sealed record TaskPerformance(double Accuracy, double MeanMargin, int Examples);

/// <summary>One scope's faithfulness: its circuit-only performance over the full model's (method.md 5.6); null where the full value is 0.</summary>
public sealed record FaithfulnessResult(string Scope, IReadOnlyList<HeadRef> Heads, TaskPerformance Kept, TaskPerformance Full)
{
    public double? AccuracyFaithfulness => Full.Accuracy == 0 ? null : Kept.Accuracy / Full.Accuracy;
    public double? MarginFaithfulness => Full.MeanMargin == 0 ? null : Kept.MeanMargin / Full.MeanMargin;
}

/// <summary>Evaluates the full model and circuit-only (mean-ablated) models on the validation split.</summary>
public sealed class Faithfulness(TransformerModel model, TaskReadout readout, IHeadBaseline baseline, MarginDefinition margin, int batchSize = 16)
{
    /// <summary>The full model (<paramref name="kept"/> null) or the model keeping only <paramref name="kept"/>.</summary>
    public TaskPerformance Evaluate(IReadOnlyList<Example> examples, HeadSet? kept = null)
    {
        if (examples.Count == 0) throw new BadInputException("faithfulness needs at least one validation example");
        model.eval();
        using var noGrad = no_grad();
        double correct = 0, margins = 0;
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            using var batch = readout.Encode(examples.Skip(start).Take(batchSize).ToArray());
            var hooks = kept is null ? null : MeanAblation.Hooks(kept, baseline, model.Config, batch.Input.AttentionMask, batch.ReadoutPositions);
            var logits = readout.LabelLogits(model, batch, hooks).to(float64);
            correct += (logits.argmax(1) == batch.Labels).sum().item<long>();
            margins += GoldMargins(logits, batch.Labels, margin).sum().item<double>();
        }
        return new TaskPerformance(correct / examples.Count, margins / examples.Count, examples.Count);
    }

    public FaithfulnessResult Compare(string scope, IReadOnlyList<HeadRef> heads, IReadOnlyList<Example> examples, TaskPerformance full) =>
        new(scope, heads, Evaluate(examples, new HeadSet(heads)), full);

    /// <summary>(batch,) gold logit minus the best other label's logit (the project's evaluation margin) or the mean of the others.</summary>
    public static Tensor GoldMargins(Tensor logits, Tensor labels, MarginDefinition definition)
    {
        if (definition != MarginDefinition.MeanOfOthers) return Evaluation.GoldMargin.Of(logits, labels);
        using var scope = NewDisposeScope();
        var gold = logits.gather(1, labels.unsqueeze(1)).squeeze(1);
        var isGold = TorchSharp.torch.nn.functional.one_hot(labels, logits.shape[1]).to(@bool);
        using var otherCount = (logits.shape[1] - 1).ToScalar();
        var others = logits.masked_fill(isGold, HeldScalars.Zero).sum(1).div(otherCount);
        return (gold - others).MoveToOuterDisposeScope();
    }
}
