using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>The four projections of an attention layer, as an adapter sees them.</summary>
public enum AttentionProjection { Query, Key, Value, Output }

/// <summary>
/// An additive path beside a frozen attention projection (as PEFT's adapters wrap a frozen base layer and
/// never mutate it): the layer computes <c>base(x)</c> and hands it with <c>x</c> to the adapter, which returns
/// the output to use. Head-restricted training uses it to train only some heads' slices.
/// </summary>
public interface IProjectionAdapter
{
    /// <summary><paramref name="input"/> (..., in) and <paramref name="output"/> = base(input) (..., out) -> the adapted output.</summary>
    Tensor Adapt(int layer, AttentionProjection projection, Tensor input, Tensor output);
}
