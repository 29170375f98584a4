using TorchSharp;
using Ctsft.Runtime;
using Ctsft.Models.Bert;
using static TorchSharp.torch;

namespace Ctsft.Models.XlmRoberta;

/// <summary>
/// BERT's embeddings with Hugging Face's <c>create_position_ids_from_input_ids</c>: a real token's position is
/// padding_idx + its count of non-padding tokens so far (2, 3, ... for padding_idx 1), a padding token's is padding_idx.
/// </summary>
public sealed class XlmRobertaEmbeddings(XlmRobertaConfig config) : BertEmbeddings(config, positionPaddingIdx: config.PadTokenId)
{
    private readonly long _paddingIdx = config.PadTokenId;

    public override Tensor PositionIds(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        using var padding = _paddingIdx.ToScalar();
        var real = inputIds.ne(padding).to(int64);
        return (real.cumsum(1) * real).add(padding, HeldScalars.One).MoveToOuterDisposeScope();
    }
}
