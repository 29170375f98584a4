using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>
/// AdamW (Loshchilov and Hutter; PyTorch's update, non-amsgrad) over trainable entries only. A tensor with
/// <see cref="TrainableTensor.Entries"/> has its trainable entries gathered, updated and scattered back, and
/// moments of exactly that many entries: a frozen entry gets no decay, no moment and no update, so it stays
/// bit-identical. Per entry, at the tensor's step t (from 1):
/// <c>p ← p·(1 − lr·wd); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
/// p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)</c>.
/// As torch.optim.AdamW does, a tensor without a gradient in a step (<c>grad</c> is null) is skipped: no decay,
/// no moment update, and its own step count t does not advance. Weight decay applies where
/// <see cref="TrainableTensor.Decays"/> says so.
/// </summary>
public sealed class MaskedAdamW : IDisposable
{
    private readonly IReadOnlyList<TrainableTensor> _tensors;
    private readonly TrainingSettings _settings;
    private readonly Tensor[] _m, _v;
    private readonly long[] _steps;

    public MaskedAdamW(IReadOnlyList<TrainableTensor> tensors, TrainingSettings settings)
    {
        _tensors = tensors;
        _settings = settings;
        _m = tensors.Select(t => zeros(t.Entries is null ? t.Value.shape : [t.TrainableCount], device: t.Value.device).DetachFromDisposeScope()).ToArray();
        _v = _m.Select(m => zeros_like(m).DetachFromDisposeScope()).ToArray();
        _steps = new long[tensors.Count];
    }

    /// <summary>Optimiser steps taken so far (each tensor's own t counts only the steps that gave it a gradient).</summary>
    public long StepCount { get; private set; }

    /// <summary>The bias-correction step t of one tensor, by index in the list given to the constructor.</summary>
    public long StepsOf(int tensor) => _steps[tensor];

    /// <summary>Entries of optimiser state per moment: equals the trainable entries.</summary>
    public long StateEntries => _m.Sum(m => m.numel());

    public void Step(double learningRate)
    {
        using var noGrad = no_grad();
        StepCount++;
        var (beta1, beta2) = (_settings.Beta1, _settings.Beta2);
        // Every Scalar is held in a local to the end of its scope: an implicit temporary can be finalised by the GC while
        // libtorch still reads it (TorchSharp's Scalar has a finaliser and no dispose scope).
        using var keep1 = beta1.ToScalar();
        using var take1 = (1 - beta1).ToScalar();
        using var keep2 = beta2.ToScalar();
        using var take2 = (1 - beta2).ToScalar();
        using var epsilon = _settings.Epsilon.ToScalar();
        using var one = 1.0.ToScalar();
        using var decay = (1 - learningRate * _settings.WeightDecay).ToScalar();
        for (var i = 0; i < _tensors.Count; i++)
        {
            var tensor = _tensors[i];
            if (tensor.TrainableCount == 0 || tensor.Value.grad is not { } gradient) continue;
            // One scope per tensor: the update's temporaries (as large as the tensor) are freed before the next tensor's.
            using var scope = NewDisposeScope();
            var t = ++_steps[i];
            var correction1 = 1 - Math.Pow(beta1, t);
            var correction2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, t));
            var (value, g) = tensor.Entries is { } entries
                ? (tensor.Value.view(-1).index_select(0, entries), gradient.view(-1).index_select(0, entries))
                : (tensor.Value, gradient);
            using var bias2 = correction2Sqrt.ToScalar();
            using var stepSize = (-learningRate / correction1).ToScalar();
            if (_settings.WeightDecay != 0 && tensor.Decays) value.mul_(decay);
            _m[i].mul_(keep1).add_(g, alpha: take1);
            _v[i].mul_(keep2).addcmul_(g, g, value: take2);
            var denominator = _v[i].sqrt().div_(bias2).add_(epsilon, one);
            value.addcdiv_(_m[i], denominator, value: stepSize);
            if (tensor.Entries is { } written) tensor.Value.view(-1).index_copy_(0, written, value);
        }
    }

    /// <summary>The moments and step counts by tensor name (<c>m/name</c>, <c>v/name</c>, <c>step/name</c>) for a checkpoint; call it inside a dispose scope (the step counts are new tensors).</summary>
    public IReadOnlyDictionary<string, Tensor> State()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < _tensors.Count; i++)
        {
            state["m/" + _tensors[i].Name] = _m[i];
            state["v/" + _tensors[i].Name] = _v[i];
            state["step/" + _tensors[i].Name] = tensor(new[] { _steps[i] }, device: CPU);  // a host counter, written to the checkpoint file
        }
        return state;
    }

    /// <summary>Restores moments and the step count saved by <see cref="State"/>.</summary>
    public void Load(Func<string, Tensor> read, long stepCount, string location)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _tensors.Count; i++)
            foreach (var (prefix, moment) in new[] { ("m/", _m[i]), ("v/", _v[i]) })
            {
                using var saved = read(prefix + _tensors[i].Name);
                if (!saved.shape.SequenceEqual(moment.shape))
                    throw new BadInputException($"{location}: optimiser state '{prefix}{_tensors[i].Name}' has shape [{string.Join(",", saved.shape)}], expected [{string.Join(",", moment.shape)}]");
                moment.copy_(saved);
            }
        for (var i = 0; i < _tensors.Count; i++)
        {
            using var steps = read("step/" + _tensors[i].Name);
            _steps[i] = steps.data<long>()[0];
        }
        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t.Dispose();
    }
}
