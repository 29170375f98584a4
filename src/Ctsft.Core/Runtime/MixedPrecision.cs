using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Runtime;

/// <summary>
/// The one precision policy the models' linear projections (and CD-T's linear rule) consult, ambient per thread as
/// PyTorch's autocast is (TorchSharp 0.107 exposes no autocast). Under <see cref="Precision.Bf16"/> a product casts its
/// input and the fp32 master weight (and bias) to bfloat16, multiplies, and returns fp32, so everything around it
/// (residuals, norms, softmax, attention, loss, gradients of the master weights, the optimiser) stays fp32 as CPU
/// autocast keeps them; the casts are differentiable, so the weights' gradients arrive in fp32. Under
/// <see cref="Precision.Fp32"/> (the default) the projection is called exactly as before, hooks included.
/// </summary>
public static class MixedPrecision
{
    [ThreadStatic] private static Precision _current;

    /// <summary>The precision of the products on this thread (fp32 unless inside <see cref="Use"/>).</summary>
    public static Precision Current => _current;

    /// <summary>Makes <paramref name="precision"/> current on this thread until the returned scope is disposed.</summary>
    public static IDisposable Use(Precision precision)
    {
        var previous = _current;
        _current = precision;
        return new Restore(previous);
    }

    /// <summary>A layer's linear projection, y = x W^T + b, in the current precision.</summary>
    public static Tensor Linear(Linear projection, Tensor x)
    {
        if (_current == Precision.Fp32) return projection.call(x);
        using var scope = NewDisposeScope();
        var low = F.linear(x.to(bfloat16), projection.weight!.to(bfloat16), projection.bias?.to(bfloat16));
        return low.to(x.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>a @ b in the current precision (CD-T's linear rule: beta and total against a weight).</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        if (_current == Precision.Fp32) return a.matmul(b);
        using var scope = NewDisposeScope();
        return a.to(bfloat16).matmul(b.to(bfloat16)).to(a.dtype).MoveToOuterDisposeScope();
    }

    private sealed class Restore(Precision previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
