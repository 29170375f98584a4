using TorchSharp;

namespace Ctsft.Models;

/// <summary>
/// Named points of the forward pass where a caller can read or replace activations, in the spirit of
/// TransformerLens' hook points. Every head is addressable through <see cref="HeadOutputs"/>.
/// </summary>
public sealed class ForwardHooks
{
    /// <summary>
    /// <c>blocks.{layer}.attn.hook_z</c>: every head's attention output before the output projection,
    /// shape (batch, seq, heads, head_dim). Return the tensor to continue with (the argument to only observe,
    /// or a new tensor, e.g. with some heads replaced by their means).
    /// </summary>
    public Func<int, torch.Tensor, torch.Tensor>? HeadOutputs { get; init; }

    /// <summary><c>blocks.{layer}.hook_resid_post</c>: the residual stream leaving a layer, (batch, seq, hidden).</summary>
    public Action<int, torch.Tensor>? LayerOutput { get; init; }

    /// <summary><c>hook_embed</c>: the residual stream entering layer 0 (BERT: after the embedding LayerNorm).</summary>
    public Action<torch.Tensor>? EmbeddingOutput { get; init; }

    internal torch.Tensor OnHeadOutputs(int layer, torch.Tensor z) => HeadOutputs is null ? z : HeadOutputs(layer, z);
}
