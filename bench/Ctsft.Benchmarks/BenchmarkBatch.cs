using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Benchmarks;

/// <summary>The workload the training benchmarks share: a random full batch and the label logits a task reads.</summary>
public static class BenchmarkBatch
{
    public const long Batch = 16, Sequence = 128;

    public static ModelInput RandomInput(TransformerConfig config)
    {
        var device = BenchmarkDevice.Device;
        return new(randint(0, config.VocabSize, [Batch, Sequence], dtype: int64, device: device), ones(Batch, Sequence, dtype: int64, device: device),
            zeros(Batch, Sequence, dtype: int64, device: device));
    }

    /// <summary>
    /// Label logits as a classification task reads them: classifier (encoder) or 3 label tokens at the last position
    /// (decoder), with the last layer at the readout position only, as tasks run it (<paramref name="readoutOnly"/>
    /// false: the full forward, every position through every layer).
    /// </summary>
    public static Tensor LabelLogits(TransformerModel model, ModelInput input, bool readoutOnly = true)
    {
        var decoder = model as IDecoderModel;
        var positions = full(input.BatchSize, decoder is null ? 0L : input.SequenceLength - 1, dtype: int64, device: input.InputIds.device);
        var output = model.Forward(readoutOnly ? input with { ReadoutPositions = positions } : input);
        return decoder is not null ? decoder.VocabularyLogits(output.Hidden[TensorIndex.Colon, -1], [100, 200, 300]) : output.Logits!;
    }
}
