using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// An activation carried as two parts (CD-T, method.md 5.3): <see cref="Beta"/>, the part relevant to the source
/// head, and <see cref="Gamma"/>, the rest. Their sum is always the ordinary forward's value (the invariant).
/// </summary>
public readonly record struct Decomposed(Tensor Beta, Tensor Gamma)
{
    /// <summary>beta + gamma: the ordinary activation.</summary>
    public Tensor Total() => Beta + Gamma;

    /// <summary>The same function applied to both parts (rules that act on each part alone: reshapes, rotations, slices).</summary>
    public Decomposed Map(Func<Tensor, Tensor> f) => new(f(Beta), f(Gamma));

    /// <summary>Each row's entry at one position: (rows, seq, ...) -> (rows, 1, ...).</summary>
    public Decomposed AtPositions(Tensor positions)
    {
        var rows = arange(Beta.shape[0], device: Beta.device);
        var at = positions.to(Beta.device);
        return Map(t => t[rows, at].unsqueeze(1));
    }

    /// <summary>An activation with nothing relevant in it: beta = 0, gamma = <paramref name="total"/>.</summary>
    public static Decomposed Irrelevant(Tensor total) => new(zeros_like(total), total.alias());

    public Decomposed MoveToOuterDisposeScope() => new(Beta.MoveToOuterDisposeScope(), Gamma.MoveToOuterDisposeScope());

    public Decomposed DetachFromDisposeScope() => new(Beta.DetachFromDisposeScope(), Gamma.DetachFromDisposeScope());

    public void Dispose()
    {
        Beta.Dispose();
        Gamma.Dispose();
    }
}
