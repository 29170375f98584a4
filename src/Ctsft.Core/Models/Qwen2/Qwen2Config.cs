using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Tasks;
using Ctsft.Text;

namespace Ctsft.Models.Qwen2;

/// <summary>
/// Decoder of the Qwen2 / Llama family: rotary positions, grouped-query attention, RMSNorm, SiLU-gated MLP.
/// Qwen2 has q/k/v biases; Llama has none (or <c>attention_bias</c> says).
/// </summary>
public sealed record Qwen2Config : TransformerConfig
{
    public static readonly IReadOnlyList<string> SupportedModelTypes = ["qwen2", "llama"];

    public required double RopeTheta { get; init; }
    public required double RmsNormEps { get; init; }
    public required bool TieWordEmbeddings { get; init; }
    public required bool AttentionBias { get; init; }
    public required double AttentionDropout { get; init; }
    public int? BosTokenId { get; init; }
    public int? EosTokenId { get; init; }

    public override ModelKind Kind => ModelKind.Decoder;

    public override TransformerModel CreateModel() => new Qwen2ForCausalLM(this);

    public override bool TiedOutputEmbedding => TieWordEmbeddings;

    public override bool MayBeIgnored(string name) => TieWordEmbeddings && name == "lm_head.weight";

    public override void WriteFamilyKeys(JsonObject json)
    {
        json["architectures"] = new JsonArray(Architecture);
        json["num_key_value_heads"] = NumKeyValueHeads;
    }

    public override TaskReadout CreateReadout(ClassificationTask task, ITokenizer tokenizer) => new DecoderReadout(task, tokenizer);

    public override Func<Example, int> PromptTokenCounter(ClassificationTask task, ITokenizer tokenizer) =>
        new DecoderPrompt(task.Template, tokenizer, task.MaxLength).TokenCount;

    public override AttentionParameterNames AttentionNames(int layer) => new(
        $"model.layers.{layer}.self_attn.q_proj", $"model.layers.{layer}.self_attn.k_proj",
        $"model.layers.{layer}.self_attn.v_proj", $"model.layers.{layer}.self_attn.o_proj",
        QkvBias: AttentionBias, OutputBias: false);

    public override IEnumerable<string> NormParameterNames() =>
        Enumerable.Range(0, NumLayers)
            .SelectMany(l => new[] { $"model.layers.{l}.input_layernorm.weight", $"model.layers.{l}.post_attention_layernorm.weight" })
            .Append("model.norm.weight");

    public static Qwen2Config FromJson(ConfigJson json)
    {
        var modelType = json.String("model_type");
        if (!SupportedModelTypes.Contains(modelType))
            throw json.Error("model_type", $"is '{modelType}'; the decoder family supports {string.Join(", ", SupportedModelTypes)}");
        var activation = json.OptionalString("hidden_act") ?? "silu";
        if (activation != "silu") throw json.Error("hidden_act", $"is '{activation}'; only 'silu' is supported");
        if (json.Root["rope_scaling"] is JsonObject scaling)
            throw json.Error("rope_scaling", $"is {scaling.ToJsonString()}; rope scaling is not supported");
        if (json.Bool("use_sliding_window", false))
            throw json.Error("use_sliding_window", "is true; sliding-window attention is not supported");
        if (json.Bool("mlp_bias", false)) throw json.Error("mlp_bias", "is true; MLP biases are not supported");

        var hidden = json.Int("hidden_size");
        var heads = json.Int("num_attention_heads");
        var config = new Qwen2Config
        {
            ModelType = modelType,
            Architecture = json.Architecture ?? (modelType == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"),
            HiddenSize = hidden,
            NumLayers = json.Int("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = json.Int("num_key_value_heads", heads),
            HeadDim = json.Int("head_dim", heads > 0 ? hidden / heads : 0),
            IntermediateSize = json.Int("intermediate_size"),
            VocabSize = json.Int("vocab_size"),
            MaxPositionEmbeddings = json.Int("max_position_embeddings", 32768),
            RopeTheta = json.Double("rope_theta", 10000.0),
            RmsNormEps = json.Double("rms_norm_eps", 1e-6),
            TieWordEmbeddings = json.Bool("tie_word_embeddings", modelType == "qwen2"),
            AttentionBias = json.Bool("attention_bias", modelType == "qwen2"),
            AttentionDropout = json.Double("attention_dropout", 0.0),
            InitializerRange = json.Double("initializer_range", 0.02),
            BosTokenId = json.OptionalInt("bos_token_id"),
            EosTokenId = json.OptionalInt("eos_token_id"),
            Source = json.Root,
        };
        config.ValidateShape(json.Path);
        return config;
    }
}
