using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Adapters;

/// <summary>
/// IA3 (Liu et al., 2022) on one projection, as PEFT documents it: a learned vector <c>ia3_l</c>, initialised to ones,
/// that scales the projection's output (shape (out, 1): keys, values), or, on a feed-forward module, its input
/// (shape (1, in): the down projection, i.e. the intermediate activation). Merged: the weight's rows (output) or
/// columns (input) are scaled by the vector; an output vector scales the bias too.
/// </summary>
public sealed class Ia3Linear : LinearAdapter
{
    public Tensor Vector { get; }
    public bool FeedForward { get; }

    public Ia3Linear(string module, Linear linear, bool feedForward) : base(module, linear)
    {
        FeedForward = feedForward;
        var weight = linear.weight!;
        long[] shape = feedForward ? [1, weight.shape[1]] : [weight.shape[0], 1];
        Vector = ones(shape, dtype: weight.dtype, device: weight.device).requires_grad_(true).DetachFromDisposeScope();
    }

    public override IReadOnlyList<(string Key, Tensor Value)> Tensors => [(Key("ia3_l"), Vector)];

    protected override Func<Tensor, Tensor>? PreHook() => FeedForward ? input => input * Vector.view(-1) : null;

    protected override Func<Tensor, Tensor, Tensor>? PostHook() => FeedForward ? null : (_, output) => output * Vector.view(-1);

    protected override void MergeInto(Tensor weight, Tensor? bias)
    {
        weight.mul_(Vector);                       // (out, 1) scales rows, (1, in) scales columns
        if (!FeedForward) bias?.mul_(Vector.view(-1));
    }
}
