using System.Globalization;
using Ctsft.Models;

namespace Ctsft.Adapters;

/// <summary>Which parameter-efficient method adds the trainable tensors: LoRA (low-rank update) or IA3 (scaling vectors).</summary>
public enum AdapterKind { Lora, Ia3 }

/// <summary>
/// An adapter as PEFT configures one: LoRA on <see cref="Targets"/> with rank r, alpha (scaling alpha / r) and
/// dropout on the adapter's input; or IA3 vectors on <see cref="Targets"/> (the down projection's are on its input,
/// PEFT's feed-forward modules; the others scale the output). <see cref="WithNorms"/>: every norm trains too (PEFT's
/// <c>modules_to_save</c>). <see cref="Alpha"/> null means alpha = r (scaling 1, as PEFT's defaults r = 8, alpha = 8).
/// </summary>
public sealed record AdapterSpec
{
    public const string TargetsSetting = "lora_targets", RankSetting = "lora_rank", AlphaSetting = "lora_alpha", DropoutSetting = "lora_dropout",
        Ia3TargetsSetting = "ia3_targets";

    /// <summary>PEFT's LoRA default for these families (BERT, XLM-R, Llama, Qwen2): query and value.</summary>
    public static IReadOnlyList<ProjectionRole> DefaultLoraTargets { get; } = [ProjectionRole.Q, ProjectionRole.V];

    /// <summary>PEFT's IA3 default for the decoders: keys, values and the feed-forward down projection's input.</summary>
    public static IReadOnlyList<ProjectionRole> DefaultIa3Targets { get; } = [ProjectionRole.K, ProjectionRole.V, ProjectionRole.Down];

    public required AdapterKind Kind { get; init; }
    public required IReadOnlyList<ProjectionRole> Targets { get; init; }
    public int Rank { get; init; } = 8;
    public double? Alpha { get; init; }
    public double Dropout { get; init; }
    public bool WithNorms { get; init; }

    public static AdapterSpec Lora(IReadOnlyList<ProjectionRole>? targets = null, int rank = 8, double? alpha = null, double dropout = 0, bool withNorms = false) =>
        new() { Kind = AdapterKind.Lora, Targets = targets ?? DefaultLoraTargets, Rank = rank, Alpha = alpha, Dropout = dropout, WithNorms = withNorms };

    public static AdapterSpec Ia3(IReadOnlyList<ProjectionRole>? targets = null, bool withNorms = false) =>
        new() { Kind = AdapterKind.Ia3, Targets = targets ?? DefaultIa3Targets, WithNorms = withNorms };

    public double EffectiveAlpha => Alpha ?? Rank;

    /// <summary>LoRA's alpha / r.</summary>
    public double Scaling => EffectiveAlpha / Rank;

    /// <summary>IA3 scales the down projection's input (PEFT's <c>feedforward_modules</c>), every other target's output.</summary>
    public static bool IsFeedForward(ProjectionRole role) => role == ProjectionRole.Down;

    public string Name => Kind == AdapterKind.Lora ? "lora" : "ia3";

    /// <summary>Refuses values no run can use and targets the model lacks; the message names the setting.</summary>
    public void Validate(TransformerConfig? config = null)
    {
        var targetsSetting = Kind == AdapterKind.Lora ? TargetsSetting : Ia3TargetsSetting;
        if (Targets.Count == 0) throw new BadSettingException(targetsSetting, $"{{{targetsSetting}}}: no projection given");
        if (Kind == AdapterKind.Lora)
        {
            if (Rank < 1) throw new BadSettingException(RankSetting, $"{{{RankSetting}}}: {Rank} must be at least 1");
            if (Alpha is { } alpha && !(alpha > 0 && double.IsFinite(alpha)))
                throw new BadSettingException(AlphaSetting, $"{{{AlphaSetting}}}: {Text(alpha)} must be positive");
            if (!(Dropout >= 0 && Dropout < 1)) throw new BadSettingException(DropoutSetting, $"{{{DropoutSetting}}}: {Text(Dropout)} is out of range; use [0, 1)");
        }
        if (config is null) return;
        var present = config.ProjectionModules(0).Keys.ToHashSet();
        var missing = Targets.Where(t => !present.Contains(t)).ToArray();
        if (missing.Length > 0)
            throw new BadSettingException(targetsSetting,
                $"{{{targetsSetting}}}: {config.ModelType} has no {ProjectionRoles.ListText(missing)} projection; it has {ProjectionRoles.ListText(present)}");
    }

    public override string ToString() => Kind == AdapterKind.Lora
        ? string.Create(CultureInfo.InvariantCulture, $"lora r={Rank} alpha={Text(EffectiveAlpha)} dropout={Text(Dropout)} targets={ProjectionRoles.ListText(Targets)}{(WithNorms ? " +norms" : "")}")
        : $"ia3 targets={ProjectionRoles.ListText(Targets)}{(WithNorms ? " +norms" : "")}";

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
