using Ctsft.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>LayerNorm(word + position + token type) then dropout; positions 0..S-1 (XLM-RoBERTa counts them otherwise).</summary>
public class BertEmbeddings : nn.Module
{
    public Embedding word_embeddings, position_embeddings, token_type_embeddings;
    public LayerNorm LayerNorm;
    private readonly Dropout dropout;

    /// <param name="positionPaddingIdx">The position row that padding uses and that never trains (RoBERTa's padding_idx); none for BERT.</param>
    public BertEmbeddings(BertConfig config, long? positionPaddingIdx = null) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize, padding_idx: positionPaddingIdx);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public Tensor forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var types = input.TokenTypeIds ?? zeros_like(input.InputIds);
        var sum = word_embeddings.call(input.InputIds).Plus(position_embeddings.call(PositionIds(input.InputIds))).Plus(token_type_embeddings.call(types));
        return dropout.call(LayerNorm.call(sum)).MoveToOuterDisposeScope();
    }

    /// <summary>(B, S) or (1, S) int64 position ids of the input ids.</summary>
    public virtual Tensor PositionIds(Tensor inputIds) => HeldScalars.Range(inputIds.shape[1], inputIds.device, int64).unsqueeze(0);
}
