using Ctsft.Circuits;

namespace Ctsft.Models.Qwen2;

public sealed partial class RmsNorm
{
    /// <summary>The decomposed twin of <see cref="forward"/>: the RMSNorm rule with this norm's weight.</summary>
    public Decomposed DecomposedForward(Decomposed x) => CdtRules.RmsNorm(x, weight, _eps);
}
