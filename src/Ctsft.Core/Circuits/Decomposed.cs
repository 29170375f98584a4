using Ctsft.Runtime;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// An activation carried as two parts (CD-T, method.md 5.3): beta, the part relevant to the source head, and gamma,
/// the rest, with beta + gamma the ordinary forward's value (the invariant). Only <see cref="Beta"/> is propagated,
/// per source: (sources, examples, ...); <see cref="Total"/>, the ordinary value, is per example: (examples, ...), the
/// same for every source; gamma is <see cref="Gamma"/> = total - beta wherever a rule reads it (issue 12: one product
/// per linear map and source instead of two).
/// </summary>
public readonly record struct Decomposed(Tensor Beta, Tensor Total)
{
    /// <summary>gamma = total - beta, (sources, examples, ...).</summary>
    public Tensor Gamma() => Total - Beta;

    /// <summary>A pair from its two parts of one shape (one source): beta gets a leading sources dimension of 1.</summary>
    public static Decomposed FromParts(Tensor beta, Tensor gamma) => new(beta.unsqueeze(0), beta.Plus(gamma));

    /// <summary>The same linear function of the trailing dimensions applied to both parts (reshapes, rotations, slices).</summary>
    public Decomposed Map(Func<Tensor, Tensor> f) => new(f(Beta), f(Total));

    /// <summary>Each example's entry at one position, (examples,): (…, examples, seq, ...) -> (…, examples, 1, ...).</summary>
    public Decomposed AtPositions(Tensor positions)
    {
        var examples = HeldScalars.Range(Total.shape[0], Total.device);
        var at = positions.to(Total.device);
        return new(Beta[TensorIndex.Colon, TensorIndex.Tensor(examples), TensorIndex.Tensor(at)].unsqueeze(2), Total[examples, at].unsqueeze(1));
    }

    /// <summary>
    /// An activation with nothing relevant in it for <paramref name="sources"/> sources: beta = 0 (a broadcast zero, no
    /// memory), total = <paramref name="total"/>.
    /// </summary>
    public static Decomposed Irrelevant(Tensor total, long sources) =>
        new(zeros(1, device: total.device, dtype: total.dtype).expand([sources, .. total.shape]), total.alias());

    public Decomposed MoveToOuterDisposeScope() => new(Beta.MoveToOuterDisposeScope(), Total.MoveToOuterDisposeScope());

    public Decomposed DetachFromDisposeScope() => new(Beta.DetachFromDisposeScope(), Total.DetachFromDisposeScope());

    public void Dispose()
    {
        Beta.Dispose();
        Total.Dispose();
    }
}
