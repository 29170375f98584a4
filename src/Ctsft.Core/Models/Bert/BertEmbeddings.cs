using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>LayerNorm(word + position + token type) then dropout.</summary>
public sealed class BertEmbeddings : nn.Module
{
    public Embedding word_embeddings, position_embeddings, token_type_embeddings;
    public LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public Tensor forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var positions = arange(input.SequenceLength, dtype: int64, device: input.InputIds.device).unsqueeze(0);
        var types = input.TokenTypeIds ?? zeros_like(input.InputIds);
        var sum = word_embeddings.call(input.InputIds) + position_embeddings.call(positions) + token_type_embeddings.call(types);
        return dropout.call(LayerNorm.call(sum)).MoveToOuterDisposeScope();
    }
}
