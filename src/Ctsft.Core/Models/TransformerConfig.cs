using System.Text.Json.Nodes;

namespace Ctsft.Models;

/// <summary>
/// The shape every supported architecture shares, read from <c>config.json</c>. Derived values (head size,
/// key/value groups) live here, not in the modules. Family-specific records add their own fields.
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

    public abstract ModelFamily Family { get; }

    public int TotalHeads => NumLayers * NumAttentionHeads;

    /// <summary>Query heads per key/value head (1 for plain multi-head attention).</summary>
    public int KeyValueGroupSize => NumAttentionHeads / NumKeyValueHeads;

    public int KeyValueHeadOf(int queryHead) => queryHead / KeyValueGroupSize;

    /// <summary>Checkpoint names of one layer's attention projections, in Hugging Face's naming.</summary>
    public abstract AttentionParameterNames AttentionNames(int layer);

    /// <summary>Every normalisation weight and bias name (LayerNorm / RMSNorm).</summary>
    public abstract IEnumerable<string> NormParameterNames();

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
