using Ctsft.Runtime;
using TorchSharp;
using Ctsft.Reproducibility;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Adapters;

/// <summary>
/// LoRA (Hu et al., 2021) on one projection, as PEFT documents it: <c>y = W x + b + (alpha / r) · B A dropout(x)</c>
/// with A (r, in) drawn Kaiming-uniform with a = √5 (uniform in ±1/√in) and B (out, r) zero, so a new adapter
/// changes nothing. Merged: <c>W ← W + (alpha / r) · B A</c>. Keys <c>…lora_A.weight</c> and <c>…lora_B.weight</c>.
/// </summary>
public sealed class LoraLinear : LinearAdapter
{
    private readonly double _dropout;

    public Tensor A { get; }
    public Tensor B { get; }
    public double Scaling { get; }

    public LoraLinear(string module, Linear linear, int rank, double scaling, double dropout, ulong seed) : base(module, linear)
    {
        Scaling = scaling;
        _dropout = dropout;
        var weight = linear.weight!;
        var inFeatures = weight.shape[1];
        var bound = 1.0 / Math.Sqrt(inFeatures);      // Kaiming-uniform, a = √5: gain √(2 / (1 + 5)), bound gain · √(3 / fan_in)
        var random = SeededRandom.For(seed, $"{SeedPurposes.AdapterInit}/{module}/lora_A");
        var values = new float[rank * inFeatures];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(bound * (2 * random.NextDouble() - 1));
        A = tensor(values, [rank, inFeatures], dtype: weight.dtype, device: weight.device).requires_grad_(true).DetachFromDisposeScope();
        B = zeros([weight.shape[0], rank], dtype: weight.dtype, device: weight.device).requires_grad_(true).DetachFromDisposeScope();
    }

    public int Rank => (int)A.shape[0];

    /// <summary>Dropout on the adapter's input (training only).</summary>
    public double Dropout => _dropout;

    public override IReadOnlyList<(string Key, Tensor Value)> Tensors => [(Key("lora_A.weight"), A), (Key("lora_B.weight"), B)];

    protected override Func<Tensor, Tensor, Tensor> PostHook() => (input, output) =>
    {
        var x = _dropout > 0 && Linear.training ? F.dropout(input, _dropout, training: true) : input;
        using var scaling = Scaling.ToScalar();
        return output.Plus(x.matmul(A.t()).matmul(B.t()).mul(scaling));
    };

    protected override void MergeInto(Tensor weight, Tensor? bias)
    {
        using var scaling = Scaling.ToScalar();
        weight.PlusInPlace(B.matmul(A).mul(scaling));
    }
}
