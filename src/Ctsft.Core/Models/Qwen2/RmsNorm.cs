using Ctsft.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models.Qwen2;

/// <summary>x * rsqrt(mean(x^2) + eps) * weight.</summary>
public sealed partial class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _eps;
    public TorchSharp.Modules.Parameter weight;

    public RmsNorm(int size, double eps) : base(nameof(RmsNorm))
    {
        _eps = eps;
        weight = new TorchSharp.Modules.Parameter(ones(size));
        RegisterComponents();
    }

    public double Eps => _eps;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var epsilon = _eps.ToScalar();
        var normalised = x * rsqrt(x.pow(HeldScalars.Two).mean([-1], keepdim: true).add(epsilon, HeldScalars.One));
        return (normalised * weight).MoveToOuterDisposeScope();
    }
}
