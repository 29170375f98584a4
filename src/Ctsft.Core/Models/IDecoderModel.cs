using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>A decoder: it answers with tokens, read from the unembedding.</summary>
public interface IDecoderModel
{
    /// <summary>(vocab, hidden) output embedding.</summary>
    Tensor Unembedding { get; }

    /// <summary>hidden (..., hidden) after the final norm -> logits (..., vocab), or only the given tokens' columns.</summary>
    Tensor VocabularyLogits(Tensor hidden, IReadOnlyList<long>? tokenIds = null);
}
