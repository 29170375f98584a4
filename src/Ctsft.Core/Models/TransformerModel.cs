using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>
/// A loaded model of a supported family. State-dict names equal Hugging Face's checkpoint names, so a
/// model saves and loads as a Hugging Face folder. Heads are addressable through <see cref="ForwardHooks"/>
/// and <see cref="HeadParameters"/>.
/// </summary>
public abstract class TransformerModel(string name) : nn.Module(name)
{
    public abstract TransformerConfig Config { get; }

    public abstract ModelOutput Forward(ModelInput input, ForwardHooks? hooks = null);

    /// <summary>Sets (or, with null, removes) an additive path beside every attention projection of every layer.</summary>
    public abstract void SetProjectionAdapter(IProjectionAdapter? adapter);

    /// <summary>The stack of transformer layers (gradient checkpointing is set there).</summary>
    public abstract LayerStack Layers { get; }

    /// <summary>
    /// The task direction v of method.md 5.4 per gold class, (labels, hidden), in the residual stream the readout reads:
    /// how this family's readout turns a hidden state into label logits, contrasted (<see cref="Circuits.TaskDirection.Contrast"/>).
    /// </summary>
    /// <param name="labelTokenIds">Decoders: the label tokens; encoders read their classifier.</param>
    public abstract Tensor LabelDirections(IReadOnlyList<long>? labelTokenIds);

    /// <summary>Which rows and columns of which tensors each head owns.</summary>
    public HeadParameterMap HeadParameters => new(Config);

    /// <summary>Names of the embedding matrices (input embeddings, positions, token types; untied output embedding).</summary>
    public abstract IReadOnlyList<string> EmbeddingParameterNames { get; }

    /// <summary>Distinct parameter entries (a tied output embedding counts once).</summary>
    public long CountParameters(bool includeEmbeddings = true)
    {
        var embeddings = EmbeddingParameterNames.ToHashSet();
        return named_parameters()
            .Where(p => includeEmbeddings || !embeddings.Contains(p.name))
            .Sum(p => p.parameter.numel());
    }

    /// <summary>The parameters by their checkpoint names.</summary>
    public IReadOnlyDictionary<string, Tensor> Parameters() =>
        named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
}
