using System.Globalization;
using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Tasks;
using Ctsft.Text;

namespace Ctsft.Models.Bert;

/// <summary>
/// Encoder of the BERT family for sequence classification: post-LayerNorm blocks, erf GELU, token types,
/// a pooler on the first token and a classifier with one output per label. Encoders built from the same blocks
/// (XLM-RoBERTa) derive from it and name their prefix, pretraining heads and task architecture.
/// </summary>
public record BertConfig : TransformerConfig
{
    public required int TypeVocabSize { get; init; }
    public required double LayerNormEps { get; init; }
    public required double HiddenDropoutProb { get; init; }
    public required double AttentionProbsDropoutProb { get; init; }
    public required double ClassifierDropoutProb { get; init; }
    public required int PadTokenId { get; init; }

    /// <summary>Label names by index (<c>id2label</c>); HF's default of two labels when the config has none.</summary>
    public required IReadOnlyList<string> ClassifierLabels { get; init; }

    public override IReadOnlyList<string> Labels => ClassifierLabels;

    public int NumLabels => ClassifierLabels.Count;

    public override ModelKind Kind => ModelKind.Encoder;

    public override TransformerModel CreateModel() => new BertForSequenceClassification(this);

    /// <summary>The encoder's name prefix in a task model (Hugging Face's <c>base_model_prefix</c> and a dot).</summary>
    public virtual string EncoderPrefix => "bert.";

    /// <summary>The prefix of the pretraining heads a base checkpoint may carry (masked-LM / next-sentence).</summary>
    protected virtual string PretrainingHeadPrefix => "cls.";

    /// <summary>The architecture a task model is saved as.</summary>
    protected virtual string TaskArchitecture => "BertForSequenceClassification";

    /// <summary>Base-model checkpoints (BertModel) name tensors without the encoder prefix.</summary>
    public override string CanonicalName(string stored) =>
        stored.StartsWith(EncoderPrefix, StringComparison.Ordinal) || IsTaskHead(stored)
            || stored.StartsWith(PretrainingHeadPrefix, StringComparison.Ordinal)
            ? stored
            : EncoderPrefix + stored;

    public override bool IsTaskHead(string name) => name.StartsWith("classifier.", StringComparison.Ordinal);

    public override bool MayBeCreated(string name) => IsTaskHead(name) || name.StartsWith("bert.pooler.", StringComparison.Ordinal);

    public override bool MayBeIgnored(string name) => name.StartsWith(PretrainingHeadPrefix, StringComparison.Ordinal);

    public override void WriteFamilyKeys(JsonObject json)
    {
        json["architectures"] = new JsonArray(TaskArchitecture);
        json["id2label"] = new JsonObject(Labels.Select((label, i) => KeyValuePair.Create(i.ToString(CultureInfo.InvariantCulture), (JsonNode?)label)));
        json["label2id"] = new JsonObject(Labels.Select((label, i) => KeyValuePair.Create(label, (JsonNode?)i)));
        json.Remove("num_labels");
    }

    public override TaskReadout CreateReadout(ClassificationTask task, ITokenizer tokenizer) => new EncoderReadout(task, tokenizer, this);

    public override Func<Example, int> PromptTokenCounter(ClassificationTask task, ITokenizer tokenizer) =>
        new EncoderReadout(task, tokenizer, WithLabels(task.LabelNames)).PromptTokenCount;

    /// <summary>Word, position and token type embeddings.</summary>
    public IReadOnlyList<string> EmbeddingParameterNames =>
        [.. new[] { "word_embeddings", "position_embeddings", "token_type_embeddings" }.Select(e => $"{EncoderPrefix}embeddings.{e}.weight")];

    public override AttentionParameterNames AttentionNames(int layer) => new(
        $"{EncoderPrefix}encoder.layer.{layer}.attention.self.query", $"{EncoderPrefix}encoder.layer.{layer}.attention.self.key",
        $"{EncoderPrefix}encoder.layer.{layer}.attention.self.value", $"{EncoderPrefix}encoder.layer.{layer}.attention.output.dense",
        QkvBias: true, OutputBias: true);

    public override IReadOnlyDictionary<ProjectionRole, string> MlpModules(int layer) => new Dictionary<ProjectionRole, string>
    {
        [ProjectionRole.Up] = $"{EncoderPrefix}encoder.layer.{layer}.intermediate.dense",
        [ProjectionRole.Down] = $"{EncoderPrefix}encoder.layer.{layer}.output.dense",
    };

    public override IEnumerable<string> NormParameterNames() =>
        new[] { $"{EncoderPrefix}embeddings.LayerNorm" }
            .Concat(Enumerable.Range(0, NumLayers).SelectMany(l => new[]
            {
                $"{EncoderPrefix}encoder.layer.{l}.attention.output.LayerNorm", $"{EncoderPrefix}encoder.layer.{l}.output.LayerNorm",
            }))
            .SelectMany(prefix => new[] { prefix + ".weight", prefix + ".bias" });

    /// <summary>The same model with another label set (the classifier is then created anew by the loader).</summary>
    public override TransformerConfig WithLabels(IReadOnlyList<string> labels) =>
        labels.SequenceEqual(ClassifierLabels) ? this : this with { ClassifierLabels = labels };

    /// <summary>Hidden dropout also sets the classifier's when config.json gave it none (Hugging Face's fallback).</summary>
    public override TransformerConfig WithDropout(double? hidden, double? attention) => this with
    {
        HiddenDropoutProb = hidden ?? HiddenDropoutProb,
        ClassifierDropoutProb = Source?["classifier_dropout"] is System.Text.Json.Nodes.JsonValue ? ClassifierDropoutProb : hidden ?? ClassifierDropoutProb,
        AttentionProbsDropoutProb = attention ?? AttentionProbsDropoutProb,
    };

    public static BertConfig FromJson(ConfigJson json) => ReadEncoder(json, ["bert"], defaultPadTokenId: 0, defaultArchitecture: "BertModel");

    /// <summary>
    /// The keys every encoder of these blocks shares (Hugging Face's BertConfig defaults, but for the padding id),
    /// for one of <paramref name="modelTypes"/>.
    /// </summary>
    protected static BertConfig ReadEncoder(ConfigJson json, IReadOnlyList<string> modelTypes, int defaultPadTokenId, string defaultArchitecture)
    {
        var modelType = json.String("model_type");
        if (!modelTypes.Contains(modelType))
            throw json.Error("model_type", $"is '{modelType}'; this encoder family supports {string.Join(", ", modelTypes)}");
        var activation = json.OptionalString("hidden_act") ?? "gelu";
        if (activation != "gelu") throw json.Error("hidden_act", $"is '{activation}'; only 'gelu' (erf) is supported");
        var positions = json.OptionalString("position_embedding_type") ?? "absolute";
        if (positions != "absolute") throw json.Error("position_embedding_type", $"is '{positions}'; only 'absolute' is supported");

        var hidden = json.Int("hidden_size");
        var heads = json.Int("num_attention_heads");
        var hiddenDropout = json.Double("hidden_dropout_prob", 0.1);
        var config = new BertConfig
        {
            ModelType = modelType,
            Architecture = json.Architecture ?? defaultArchitecture,
            HiddenSize = hidden,
            NumLayers = json.Int("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = heads,
            HeadDim = heads > 0 ? hidden / heads : 0,
            IntermediateSize = json.Int("intermediate_size"),
            VocabSize = json.Int("vocab_size"),
            MaxPositionEmbeddings = json.Int("max_position_embeddings", 512),
            TypeVocabSize = json.Int("type_vocab_size", 2),
            LayerNormEps = json.Double("layer_norm_eps", 1e-12),
            HiddenDropoutProb = hiddenDropout,
            AttentionProbsDropoutProb = json.Double("attention_probs_dropout_prob", 0.1),
            ClassifierDropoutProb = json.Root["classifier_dropout"] is JsonValue ? json.Double("classifier_dropout") : hiddenDropout,
            InitializerRange = json.Double("initializer_range", 0.02),
            PadTokenId = json.Int("pad_token_id", defaultPadTokenId),
            ClassifierLabels = ReadLabels(json),
            Source = json.Root,
        };
        if (hidden % heads != 0)
            throw new BadInputException($"{json.Path}: hidden_size ({hidden}) is not a multiple of num_attention_heads ({heads})");
        config.ValidateShape(json.Path);
        return config;
    }

    private static IReadOnlyList<string> ReadLabels(ConfigJson json)
    {
        if (json.Root["id2label"] is not JsonObject id2label)
        {
            var count = json.Int("num_labels", 2);
            return Enumerable.Range(0, count).Select(i => $"LABEL_{i}").ToArray();
        }
        var labels = new string[id2label.Count];
        foreach (var (key, value) in id2label)
        {
            if (!int.TryParse(key, out var index) || index < 0 || index >= labels.Length)
                throw json.Error("id2label", $"has key '{key}'; keys must be 0..{labels.Length - 1}");
            labels[index] = value?.GetValue<string>() ?? throw json.Error("id2label", $"has no name for label {key}");
        }
        return labels;
    }
}
