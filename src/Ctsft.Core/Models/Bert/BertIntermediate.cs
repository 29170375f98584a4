using TorchSharp;
using TorchSharp.Modules;
using Ctsft.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Models.Bert;

/// <summary>gelu(dense(x)) with the exact (erf) GELU.</summary>
public sealed partial class BertIntermediate : nn.Module<Tensor, Tensor>
{
    public Linear dense;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return F.gelu(MixedPrecision.Linear(dense, x)).MoveToOuterDisposeScope();
    }
}
