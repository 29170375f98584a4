using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

/// <summary>The decoder with its unembedding (tied to the token embedding unless the config says otherwise).</summary>
public sealed partial class Qwen2ForCausalLM : TransformerModel, IDecoderModel
{
    private readonly Qwen2Config _config;
    public Qwen2Model model;
    public Linear? lm_head;

    public Qwen2ForCausalLM(Qwen2Config config) : base(nameof(Qwen2ForCausalLM))
    {
        _config = config;
        model = new Qwen2Model(config);
        if (!config.TieWordEmbeddings) lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
    }

    public override Qwen2Config Config => _config;

    public override IReadOnlyList<string> EmbeddingParameterNames =>
        _config.TieWordEmbeddings ? ["model.embed_tokens.weight"] : ["model.embed_tokens.weight", "lm_head.weight"];

    /// <summary>(vocab, hidden): the output embedding, i.e. the token embedding when tied.</summary>
    public Tensor Unembedding => lm_head?.weight ?? model.embed_tokens.weight!;

    public override LayerStack Layers => model.Stack;

    public override void SetProjectionAdapter(IProjectionAdapter? adapter)
    {
        foreach (var layer in model.layers) layer.self_attn.Adapter = adapter;
    }

    public override ModelOutput Forward(ModelInput input, ForwardHooks? hooks = null)
    {
        using var scope = NewDisposeScope();
        var hidden = model.norm.call(model.forward(input, hooks));
        return new ModelOutput(hidden.MoveToOuterDisposeScope()) { ReadoutOnly = input.ReadoutPositions is not null };
    }

    /// <summary>Decoder v = W_U(y_c) - mean over the other labels of W_U(y): raw output-embedding rows, no final-norm gain.</summary>
    public override Tensor LabelDirections(IReadOnlyList<long>? labelTokenIds)
    {
        if (labelTokenIds is null) throw new ArgumentException("a decoder's task direction needs the label token ids", nameof(labelTokenIds));
        using var scope = NewDisposeScope();
        var rows = Unembedding.index_select(0, tensor(labelTokenIds.ToArray(), device: Unembedding.device));
        return Circuits.TaskDirection.Contrast(rows).MoveToOuterDisposeScope();
    }

    public Tensor VocabularyLogits(Tensor hidden, IReadOnlyList<long>? tokenIds = null)
    {
        using var scope = NewDisposeScope();
        var rows = tokenIds is null ? Unembedding : Unembedding.index_select(0, tensor(tokenIds.ToArray(), device: hidden.device));
        return hidden.matmul(rows.t()).MoveToOuterDisposeScope();
    }
}
