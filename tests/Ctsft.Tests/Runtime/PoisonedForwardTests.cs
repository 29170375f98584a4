using Ctsft.Data;
using Ctsft.Evaluation;
using Ctsft.Tasks;
using Ctsft.Tests.Data;
using static TorchSharp.torch;

namespace Ctsft.Tests.Runtime;

/// <summary>Loading, a forward and an evaluation of a padded batch with the default device poisoned (see <see cref="PoisonedDefaultDevice"/>).</summary>
[Collection(PoisonedDeviceCollection.Name), Trait("Device", "poisoned")]
public class PoisonedForwardTests
{
    public static TheoryData<string> Models => PoisonedModels.All;

    /// <summary>Rows of different lengths, so the batch is padded.</summary>
    private static IReadOnlyList<Example> Examples() =>
        SharedDatasets.Nusax("ind", "train").Examples.Take(5).ToArray();

    private sealed record Outputs(Tensor Hidden, Tensor LabelLogits, EvaluationResult Evaluation) : IDisposable
    {
        public void Dispose()
        {
            Hidden.Dispose();
            LabelLogits.Dispose();
        }
    }

    private static Outputs Run(string model)
    {
        using var taskModel = TaskModel.Load(PoisonedModels.Spec(model), ClassificationTask.NusaxSenti);
        var examples = Examples();
        using var noGrad = no_grad();
        using var batch = taskModel.Readout.Encode(examples);
        Assert.True(batch.Input.AttentionMask.sum().item<long>() < batch.Input.AttentionMask.numel(), "the batch should be padded");
        using var output = taskModel.Model.Forward(batch.Input);
        var logits = taskModel.Readout.LabelLogits(taskModel.Model, output, batch);
        var evaluation = TaskEvaluation.Evaluate(taskModel, examples, batchSize: examples.Count);
        return new Outputs(output.Hidden.detach().clone(), logits, evaluation);
    }

    [Theory, MemberData(nameof(Models))]
    public void A_forward_and_an_evaluation_of_a_padded_batch_stay_on_the_cpu_and_equal_the_unpoisoned_run(string model)
    {
        using var expected = Run(model);
        using var actual = PoisonedDefaultDevice.Run(() => Run(model));
        SameOutputs.Tensors(expected.Hidden, actual.Hidden, "hidden states");
        SameOutputs.Tensors(expected.LabelLogits, actual.LabelLogits, "label logits");
        Assert.Equal(expected.Evaluation.Predictions, actual.Evaluation.Predictions, PredictionBits.Comparer);
        Assert.Equal(expected.Evaluation.Metrics.Accuracy, actual.Evaluation.Metrics.Accuracy);
    }
}

/// <summary>Predictions compared field by field, logits and probabilities by their bits.</summary>
public sealed class PredictionBits : IEqualityComparer<Prediction>
{
    public static readonly PredictionBits Comparer = new();

    public bool Equals(Prediction? x, Prediction? y) =>
        x is not null && y is not null && x.Id == y.Id && x.Gold == y.Gold && x.Predicted == y.Predicted
        && BitConverter.DoubleToInt64Bits(x.GoldMargin) == BitConverter.DoubleToInt64Bits(y.GoldMargin)
        && x.Logits.Select(BitConverter.SingleToInt32Bits).SequenceEqual(y.Logits.Select(BitConverter.SingleToInt32Bits))
        && x.Probabilities.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(y.Probabilities.Select(BitConverter.DoubleToInt64Bits));

    public int GetHashCode(Prediction obj) => obj.Id.GetHashCode();
}
