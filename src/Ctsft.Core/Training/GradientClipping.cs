using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>
/// Global gradient-norm clipping over the trainable entries, as PyTorch's <c>clip_grad_norm_</c> computes it, on
/// the gradients' device: the L2 norm of all gradients together; every gradient is scaled by
/// min(1, max / (norm + 1e-6)).
/// </summary>
public static class GradientClipping
{
    /// <summary>Clips in place and returns the norm before clipping, as a scalar tensor on the gradients' device (no host read).</summary>
    public static Tensor ClipOnDevice(IReadOnlyList<TrainableTensor> tensors, double maxNorm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var gradients = tensors.Where(t => t.TrainableCount > 0 && t.Value.grad is not null).ToArray();
        if (gradients.Length == 0) return zeros(1, device: tensors.Count > 0 ? tensors[0].Value.device : CPU).squeeze().MoveToOuterDisposeScope();
        var norms = gradients.Select(t => t.Entries is { } entries
            ? t.Value.grad!.view(-1).index_select(0, entries).norm()
            : t.Value.grad!.norm()).ToArray();
        var total = stack(norms).norm();
        // Held to the end: an implicit Scalar temporary can be finalised by the GC while libtorch still reads it.
        using var epsilon = 1e-6.ToScalar();
        using var one = 1.0.ToScalar();
        using var max = maxNorm.ToScalar();
        var coefficient = total.add(epsilon, one).reciprocal().mul(max).clamp_max(one);   // max / (total + 1e-6), as TorchSharp computes it
        foreach (var t in gradients) t.Value.grad!.mul_(coefficient);
        return total.MoveToOuterDisposeScope();
    }

    /// <summary>Clips in place and returns the norm before clipping (a host read).</summary>
    public static double Clip(IReadOnlyList<TrainableTensor> tensors, double maxNorm)
    {
        using var total = ClipOnDevice(tensors, maxNorm);
        return total.item<float>();
    }
}
