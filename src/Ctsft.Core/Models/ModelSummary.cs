namespace Ctsft.Models;

/// <summary>What <c>ctsft model info</c> shows: architecture, parameter counts and the head layout.</summary>
public sealed record ModelSummary(
    string Architecture,
    string ModelType,
    ModelKind Family,
    int Layers,
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    int HeadDim,
    int IntermediateSize,
    int VocabSize,
    int TotalHeads,
    long Parameters,
    long NonEmbeddingParameters,
    bool TiedEmbeddings,
    IReadOnlyList<string>? Labels,
    IReadOnlyList<HeadGroupSummary> KeyValueGroups)
{
    public static ModelSummary Of(TransformerModel model)
    {
        var config = model.Config;
        var groups = Enumerable.Range(0, config.NumKeyValueHeads)
            .Select(g => new HeadGroupSummary(g, Enumerable.Range(g * config.KeyValueGroupSize, config.KeyValueGroupSize).ToArray()))
            .ToArray();
        return new ModelSummary(
            config.Architecture, config.ModelType, config.Kind, config.NumLayers, config.HiddenSize,
            config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim, config.IntermediateSize, config.VocabSize,
            config.TotalHeads, model.CountParameters(), model.CountParameters(includeEmbeddings: false),
            config.TiedOutputEmbedding,
            config.Labels, groups);
    }
}

/// <summary>One key/value head and the query heads that read it (all layers share the layout).</summary>
public sealed record HeadGroupSummary(int KeyValueHead, IReadOnlyList<int> QueryHeads);
