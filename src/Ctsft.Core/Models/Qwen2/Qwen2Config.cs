using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Tasks;
using Ctsft.Text;

namespace Ctsft.Models.Qwen2;

/// <summary>
/// Decoders of the Qwen2 / Llama / Qwen3 family: rotary positions, grouped-query attention, RMSNorm, SiLU-gated MLP.
/// Qwen2 has q/k/v biases and no output bias; Llama and Qwen3 put <c>attention_bias</c> on q/k/v and o (default none);
/// Qwen3 normalises each head's queries and keys (RMSNorm over head_dim, before RoPE); head_dim may be wider than
/// hidden / heads.
/// </summary>
public sealed record Qwen2Config : TransformerConfig
{
    public static readonly IReadOnlyList<string> SupportedModelTypes = ["qwen2", "llama", "qwen3"];

    public required double RopeTheta { get; init; }

    /// <summary>Llama 3.1's frequency scaling (<c>rope_scaling</c> rope_type llama3); null for plain RoPE.</summary>
    public RopeScaling? RopeScaling { get; init; }

    /// <summary>gate/up/down projections have biases (Llama's <c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }
    public required double RmsNormEps { get; init; }
    public required bool TieWordEmbeddings { get; init; }
    public required bool AttentionBias { get; init; }

    /// <summary>o_proj has a bias (Llama and Qwen3 with <c>attention_bias</c>; never Qwen2).</summary>
    public required bool OutputBias { get; init; }

    /// <summary>Qwen3: per-head RMSNorm of queries and keys (<c>q_norm</c>, <c>k_norm</c>, weight [head_dim]) before RoPE.</summary>
    public required bool QkNorm { get; init; }
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

    public override TransformerConfig WithDropout(double? hidden, double? attention) => hidden is not null
        ? throw new BadSettingException("hidden_dropout", $"{{hidden_dropout}}: {ModelType} models have no hidden-state dropout (only {{attention_dropout}})")
        : this with { AttentionDropout = attention ?? AttentionDropout };

    public override AttentionParameterNames AttentionNames(int layer) => new(
        $"model.layers.{layer}.self_attn.q_proj", $"model.layers.{layer}.self_attn.k_proj",
        $"model.layers.{layer}.self_attn.v_proj", $"model.layers.{layer}.self_attn.o_proj",
        QkvBias: AttentionBias, OutputBias: OutputBias);

    public override IReadOnlyDictionary<ProjectionRole, string> MlpModules(int layer) => new Dictionary<ProjectionRole, string>
    {
        [ProjectionRole.Gate] = $"model.layers.{layer}.mlp.gate_proj",
        [ProjectionRole.Up] = $"model.layers.{layer}.mlp.up_proj",
        [ProjectionRole.Down] = $"model.layers.{layer}.mlp.down_proj",
    };

    public override IEnumerable<string> NormParameterNames() =>
        Enumerable.Range(0, NumLayers)
            .SelectMany(l => QkNorm
                ? new[] { $"model.layers.{l}.input_layernorm.weight", $"model.layers.{l}.self_attn.q_norm.weight",
                    $"model.layers.{l}.self_attn.k_norm.weight", $"model.layers.{l}.post_attention_layernorm.weight" }
                : new[] { $"model.layers.{l}.input_layernorm.weight", $"model.layers.{l}.post_attention_layernorm.weight" })
            .Append("model.norm.weight");

    public static Qwen2Config FromJson(ConfigJson json)
    {
        var modelType = json.String("model_type");
        if (!SupportedModelTypes.Contains(modelType))
            throw json.Error("model_type", $"is '{modelType}'; the decoder family supports {string.Join(", ", SupportedModelTypes)}");
        var activation = json.OptionalString("hidden_act") ?? "silu";
        if (activation != "silu") throw json.Error("hidden_act", $"is '{activation}'; only 'silu' is supported");
        var ropeScaling = RopeScaling.Read(json);
        if (json.Bool("use_sliding_window", false))
            throw json.Error("use_sliding_window", "is true; sliding-window attention is not supported");

        var hidden = json.Int("hidden_size");
        var heads = json.Int("num_attention_heads");
        var attentionBias = json.Bool("attention_bias", modelType == "qwen2");
        var config = new Qwen2Config
        {
            ModelType = modelType,
            Architecture = json.Architecture ?? modelType switch { "qwen2" => "Qwen2ForCausalLM", "qwen3" => "Qwen3ForCausalLM", _ => "LlamaForCausalLM" },
            HiddenSize = hidden,
            NumLayers = json.Int("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = json.Int("num_key_value_heads", heads),
            HeadDim = json.Int("head_dim", heads > 0 ? hidden / heads : 0),
            IntermediateSize = json.Int("intermediate_size"),
            VocabSize = json.Int("vocab_size"),
            MaxPositionEmbeddings = json.Int("max_position_embeddings", 32768),
            RopeTheta = json.Double("rope_theta", 10000.0),
            RopeScaling = ropeScaling,
            MlpBias = json.Bool("mlp_bias", false),
            RmsNormEps = json.Double("rms_norm_eps", 1e-6),
            TieWordEmbeddings = json.Bool("tie_word_embeddings", modelType == "qwen2"),
            AttentionBias = attentionBias,
            OutputBias = attentionBias && modelType != "qwen2",
            QkNorm = modelType == "qwen3",
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
