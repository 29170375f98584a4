using Ctsft.Circuits;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Models.Qwen2;

public sealed partial class Qwen2Mlp
{
    /// <summary>
    /// The decomposed twin of <see cref="forward"/>: gate and up by the linear rule (bias split when present; each collapsed), SiLU by the
    /// activation rule, the product rule, down by the linear rule (collapsed).
    /// </summary>
    public Decomposed DecomposedForward(Decomposed x, bool collapse)
    {
        using var scope = NewDisposeScope();
        var gate = CdtRules.Collapse(CdtRules.Linear(x, gate_proj.weight!, gate_proj.bias), collapse);
        var up = CdtRules.Collapse(CdtRules.Linear(x, up_proj.weight!, up_proj.bias), collapse);
        var product = CdtRules.GatedProduct(gate, up, t => F.silu(t, inplace: true));  // the activation rule on the gate, then the product rule
        return CdtRules.Collapse(CdtRules.Linear(product, down_proj.weight!, down_proj.bias), collapse).MoveToOuterDisposeScope();
    }
}
