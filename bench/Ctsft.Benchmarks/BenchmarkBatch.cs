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

    /// <summary>Label logits as a classification task reads them: classifier (encoder) or 3 label tokens at the last position (decoder).</summary>
    public static Tensor LabelLogits(TransformerModel model, ModelInput input)
    {
        var output = model.Forward(input);
        return model is IDecoderModel decoder ? decoder.VocabularyLogits(output.Hidden[TensorIndex.Colon, -1], [100, 200, 300]) : output.Logits!;
    }
}
