using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>Boolean masks for scaled-dot-product attention (true = may attend).</summary>
public static class AttentionMasks
{
    /// <summary>Keys that are real tokens: (batch, 1, 1, seq).</summary>
    public static Tensor Padding(Tensor attentionMask) =>
        attentionMask.to(@bool).unsqueeze(1).unsqueeze(1);

    /// <summary>Causal and padding: query i sees real keys j &lt;= i, (batch, 1, seq, seq).</summary>
    public static Tensor CausalWithPadding(Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var length = attentionMask.shape[1];
        var causal = ones(length, length, dtype: @bool, device: attentionMask.device).tril();
        return (causal.unsqueeze(0).unsqueeze(0) & Padding(attentionMask)).MoveToOuterDisposeScope();
    }
}
