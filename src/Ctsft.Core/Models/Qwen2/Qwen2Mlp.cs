using TorchSharp;
using TorchSharp.Modules;
using Ctsft.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Models.Qwen2;

/// <summary>down(silu(gate(x)) * up(x)); biases only with Llama's <c>mlp_bias</c>.</summary>
public sealed partial class Qwen2Mlp : nn.Module<Tensor, Tensor>
{
    public Linear gate_proj, up_proj, down_proj;

    public Qwen2Mlp(Qwen2Config config) : base(nameof(Qwen2Mlp))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: config.MlpBias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return MixedPrecision.Linear(down_proj, F.silu(MixedPrecision.Linear(gate_proj, x)) * MixedPrecision.Linear(up_proj, x)).MoveToOuterDisposeScope();
    }
}
