using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Tasks;
using Ctsft.Text;

namespace Ctsft.Models;

/// <summary>
/// The shape every supported architecture shares, read from <c>config.json</c>. Derived values (head size,
/// key/value groups) live here, not in the modules. Family-specific records add their own fields, and everything in
/// which families differ outside their folder is a member here (as Hugging Face puts <c>base_model_prefix</c> and load
/// rules on the model class): checkpoint name rules, the saved config keys, labels, the task readout.
/// </summary>
public abstract record TransformerConfig
{
    public required string ModelType { get; init; }
    public required string Architecture { get; init; }
    public required int HiddenSize { get; init; }
    public required int NumLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required int IntermediateSize { get; init; }
    public required int VocabSize { get; init; }
    public required int MaxPositionEmbeddings { get; init; }

    /// <summary>The config.json this was read from, kept so that saving writes every key back.</summary>
    public JsonObject? Source { get; init; }

    /// <summary>Std of the normal initialisation of parameters a checkpoint lacks (<c>initializer_range</c>).</summary>
    public double InitializerRange { get; init; } = 0.02;

    public abstract ModelKind Kind { get; }

    /// <summary>The model this config describes, randomly initialised (the loader fills it).</summary>
    public abstract TransformerModel CreateModel();

    /// <summary>Label names by index of a classifier head (<c>id2label</c>); null when the model reads labels as tokens.</summary>
    public virtual IReadOnlyList<string>? Labels => null;

    /// <summary>The same model classifying into <paramref name="labels"/> (a classifier of another size is then created anew).</summary>
    public virtual TransformerConfig WithLabels(IReadOnlyList<string> labels) => this;

    /// <summary>A checkpoint's tensor name in this model's naming (e.g. a base model's names without its prefix).</summary>
    public virtual string CanonicalName(string stored) => stored;

    /// <summary>A parameter the checkpoint may lack: it is then created with a seed and reported (a task head, a pooler).</summary>
    public virtual bool MayBeCreated(string name) => false;

    /// <summary>A parameter of the task head: created anew when the checkpoint's has another shape (another label count).</summary>
    public virtual bool IsTaskHead(string name) => false;

    /// <summary>A checkpoint tensor this model does not use (a pretraining head, a tied output embedding's copy).</summary>
    public virtual bool MayBeIgnored(string name) => false;

    /// <summary>The output embedding is the token embedding (counted again by the paper's budget).</summary>
    public virtual bool TiedOutputEmbedding => false;

    /// <summary>Writes the family's keys (architectures, labels, grouped-query heads) over a config.json being saved.</summary>
    public abstract void WriteFamilyKeys(JsonObject json);

    /// <summary>How a classification task reads this model: prompt and label tokens (decoders), or a classifier (encoders).</summary>
    public abstract TaskReadout CreateReadout(ClassificationTask task, ITokenizer tokenizer);

    /// <summary>
    /// The prompt's token count (<see cref="TaskReadout.PromptTokenCount"/>) from the tokenizer alone, without weights
    /// or label words (the XNLI subsets' 128-token filter).
    /// </summary>
    public abstract Func<Example, int> PromptTokenCounter(ClassificationTask task, ITokenizer tokenizer);

    public int TotalHeads => NumLayers * NumAttentionHeads;

    /// <summary>Query heads per key/value head (1 for plain multi-head attention).</summary>
    public int KeyValueGroupSize => NumAttentionHeads / NumKeyValueHeads;

    public int KeyValueHeadOf(int queryHead) => queryHead / KeyValueGroupSize;

    /// <summary>Checkpoint names of one layer's attention projections, in Hugging Face's naming.</summary>
    public abstract AttentionParameterNames AttentionNames(int layer);

    /// <summary>Every normalisation weight and bias name (LayerNorm / RMSNorm).</summary>
    public abstract IEnumerable<string> NormParameterNames();

    /// <summary>Module paths of one layer's feed-forward projections (gate, up, down; a family without a gate leaves it out).</summary>
    public abstract IReadOnlyDictionary<ProjectionRole, string> MlpModules(int layer);

    /// <summary>Module paths (checkpoint names without <c>.weight</c>) of every linear projection of one layer, by role.</summary>
    public IReadOnlyDictionary<ProjectionRole, string> ProjectionModules(int layer)
    {
        var attention = AttentionNames(layer);
        var modules = new Dictionary<ProjectionRole, string>
        {
            [ProjectionRole.Q] = attention.Query, [ProjectionRole.K] = attention.Key,
            [ProjectionRole.V] = attention.Value, [ProjectionRole.O] = attention.Output,
        };
        foreach (var (role, module) in MlpModules(layer)) modules[role] = module;
        return modules;
    }

    /// <summary>
    /// The config with other dropout rates for training (null keeps a rate): <paramref name="hidden"/> on hidden
    /// states, <paramref name="attention"/> on attention probabilities. A family without one of them refuses it.
    /// </summary>
    public abstract TransformerConfig WithDropout(double? hidden, double? attention);

    public IEnumerable<HeadRef> AllHeads() =>
        Enumerable.Range(0, NumLayers).SelectMany(l => Enumerable.Range(0, NumAttentionHeads).Select(h => new HeadRef(l, h)));

    protected void ValidateShape(string path)
    {
        void Positive(string key, int value)
        {
            if (value <= 0) throw new BadInputException($"{path}: '{key}' must be positive, found {value}");
        }
        Positive("hidden_size", HiddenSize);
        Positive("num_hidden_layers", NumLayers);
        Positive("num_attention_heads", NumAttentionHeads);
        Positive("num_key_value_heads", NumKeyValueHeads);
        Positive("intermediate_size", IntermediateSize);
        Positive("vocab_size", VocabSize);
        if (NumAttentionHeads % NumKeyValueHeads != 0)
            throw new BadInputException(
                $"{path}: num_attention_heads ({NumAttentionHeads}) is not a multiple of num_key_value_heads ({NumKeyValueHeads})");
    }
}

/// <summary>Names of a layer's q, k, v and output projections (weights; biases where the family has them).</summary>
public sealed record AttentionParameterNames(string Query, string Key, string Value, string Output, bool QkvBias, bool OutputBias)
{
    public string Weight(string projection) => projection + ".weight";
    public string Bias(string projection) => projection + ".bias";
}
