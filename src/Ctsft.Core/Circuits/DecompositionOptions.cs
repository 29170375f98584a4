namespace Ctsft.Circuits;

/// <summary>The options method.md 5.3 offers: the attention rule and whether sign conflicts collapse.</summary>
public sealed record DecompositionOptions(AttentionRule Attention = AttentionRule.Eq11, bool Collapse = true)
{
    public static DecompositionOptions Default { get; } = new();

    public string AttentionName => Attention == AttentionRule.Eq11 ? "eq11" : "frozen";

    public static AttentionRule ParseAttention(string text) => text.Trim().ToLowerInvariant() switch
    {
        "eq11" => AttentionRule.Eq11,
        "frozen" => AttentionRule.Frozen,
        _ => throw new BadSettingException("attention", $"{{attention}} '{text}' is not an attention rule: use eq11 or frozen"),
    };
}
