using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>
/// What a forward pass returns. Decoder: <see cref="Hidden"/> after the final norm, no logits (the
/// vocabulary is large: take logits only where needed with <see cref="IDecoderModel.VocabularyLogits"/>).
/// Encoder: <see cref="Hidden"/> = last layer, <see cref="Pooled"/> = pooler output (XLM-R: its head's tanh(dense(first
/// token))), <see cref="Logits"/> = classifier. <see cref="ReadoutOnly"/>: the input named readout positions, and
/// <see cref="Hidden"/> is (batch, 1, hidden), each row's readout position only.
/// </summary>
public sealed record ModelOutput(Tensor Hidden, Tensor? Pooled = null, Tensor? Logits = null) : IDisposable
{
    public bool ReadoutOnly { get; init; }

    public void Dispose()
    {
        Hidden.Dispose();
        Pooled?.Dispose();
        Logits?.Dispose();
    }
}
