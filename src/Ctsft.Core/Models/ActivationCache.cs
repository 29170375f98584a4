using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>
/// Records the activations of one forward pass (TransformerLens' run_with_cache): the residual stream
/// entering layer 0, every layer's output and every head's z. The recorded tensors outlive the forward's
/// dispose scopes and are released with the cache.
/// </summary>
public sealed class ActivationCache : IDisposable
{
    private readonly Dictionary<int, Tensor> _layerOutputs = new();
    private readonly Dictionary<int, Tensor> _headOutputs = new();
    private Tensor? _embedding;

    /// <summary>Hooks that record; pass them to <see cref="TransformerModel.Forward"/>.</summary>
    public ForwardHooks Hooks => new()
    {
        EmbeddingOutput = x => Keep(ref _embedding, x),
        LayerOutput = (layer, x) => Keep(_layerOutputs, layer, x),
        HeadOutputs = (layer, z) => { Keep(_headOutputs, layer, z); return z; },
    };

    public static ActivationCache Run(TransformerModel model, ModelInput input, out ModelOutput output)
    {
        var cache = new ActivationCache();
        output = model.Forward(input, cache.Hooks);
        return cache;
    }

    /// <summary>(batch, seq, hidden) entering layer 0 (BERT: after the embedding LayerNorm).</summary>
    public Tensor Embedding => _embedding ?? throw new InvalidOperationException("no forward pass was recorded");

    /// <summary>(batch, seq, hidden) leaving <paramref name="layer"/>.</summary>
    public Tensor LayerOutput(int layer) => _layerOutputs[layer];

    /// <summary>(batch, seq, heads, head_dim): every head's output z in <paramref name="layer"/>.</summary>
    public Tensor HeadOutputs(int layer) => _headOutputs[layer];

    /// <summary>(batch, seq, head_dim): one head's z.</summary>
    public Tensor HeadOutput(HeadRef head) => _headOutputs[head.Layer][TensorIndex.Colon, TensorIndex.Colon, head.Head];

    /// <summary>The residual stream entering <paramref name="layer"/>.</summary>
    public Tensor ResidualEntering(int layer) => layer == 0 ? Embedding : LayerOutput(layer - 1);

    public int LayerCount => _layerOutputs.Count;

    private static void Keep(ref Tensor? slot, Tensor value)
    {
        slot?.Dispose();
        slot = value.detach().clone().DetachFromDisposeScope();
    }

    private static void Keep(Dictionary<int, Tensor> slots, int layer, Tensor value)
    {
        if (slots.Remove(layer, out var old)) old.Dispose();
        slots[layer] = value.detach().clone().DetachFromDisposeScope();
    }

    public void Dispose()
    {
        _embedding?.Dispose();
        foreach (var t in _layerOutputs.Values.Concat(_headOutputs.Values)) t.Dispose();
        _layerOutputs.Clear();
        _headOutputs.Clear();
    }
}
