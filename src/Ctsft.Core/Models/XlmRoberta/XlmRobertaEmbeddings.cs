using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.XlmRoberta;

/// <summary>
/// LayerNorm(word + token type + position) then dropout, with Hugging Face's
/// <c>create_position_ids_from_input_ids</c>: a real token's position is padding_idx + its count of non-padding
/// tokens so far (2, 3, ... for padding_idx 1), a padding token's is padding_idx.
/// </summary>
public sealed class XlmRobertaEmbeddings : nn.Module
{
    private readonly long _paddingIdx;
    public Embedding word_embeddings, position_embeddings, token_type_embeddings;
    public LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public XlmRobertaEmbeddings(XlmRobertaConfig config) : base(nameof(XlmRobertaEmbeddings))
    {
        _paddingIdx = config.PadTokenId;
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize, padding_idx: config.PadTokenId);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public Tensor forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var types = input.TokenTypeIds ?? zeros_like(input.InputIds);
        var sum = word_embeddings.call(input.InputIds) + token_type_embeddings.call(types) + position_embeddings.call(PositionIds(input.InputIds));
        return dropout.call(LayerNorm.call(sum)).MoveToOuterDisposeScope();
    }

    /// <summary>(B, S) int64 position ids from the input ids.</summary>
    public Tensor PositionIds(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        var real = inputIds.ne(_paddingIdx).to(int64);
        return (real.cumsum(1) * real + _paddingIdx).MoveToOuterDisposeScope();
    }
}
