using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>
/// Global gradient-norm clipping over the trainable entries (as PyTorch's <c>clip_grad_norm_</c>: the L2 norm of
/// all gradients together; if above the maximum every gradient is scaled by max / (norm + 1e-6)).
/// </summary>
public static class GradientClipping
{
    /// <summary>Clips in place and returns the norm before clipping.</summary>
    public static double Clip(IReadOnlyList<TrainableTensor> tensors, double maxNorm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var gradients = tensors.Where(t => t.TrainableCount > 0 && t.Value.grad is not null).ToArray();
        if (gradients.Length == 0) return 0;
        var norms = gradients.Select(t => t.Entries is { } entries
            ? t.Value.grad!.view(-1).index_select(0, entries).norm()
            : t.Value.grad!.norm()).ToArray();
        var total = stack(norms).norm().item<float>();
        var coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
            foreach (var t in gradients) t.Value.grad!.mul_(coefficient);
        return total;
    }
}
