namespace Ctsft.Experiments;

/// <summary>
/// What stage 2 trains (method.md 7): continued full fine-tuning from the competence checkpoint, direct full
/// fine-tuning of the base model, every norm, or a head set (circuit, near-zero, least, random) plus every norm; and
/// the parameter-efficient baselines: LoRA at the circuit's budget (q,k,v,o, rank matched to the circuit of the same
/// depth) plus every norm, and IA3 (k, v, down) plus every norm.
/// </summary>
public enum Arm { Full, Direct, Norms, Circuit, NearZero, Least, Random, Lora, Ia3 }

public static class Arms
{
    public static IReadOnlyList<Arm> All { get; } = Enum.GetValues<Arm>();

    public static string Name(this Arm arm) => arm.ToString().ToLowerInvariant();

    /// <summary>Every arm but direct starts from the competence checkpoint.</summary>
    public static bool NeedsCompetence(this Arm arm) => arm != Arm.Direct;

    /// <summary>The head arms take their heads from a discovery; only they depend on the depth.</summary>
    public static bool TrainsHeads(this Arm arm) => arm is Arm.Circuit or Arm.NearZero or Arm.Least or Arm.Random;

    /// <summary>Arms that need the discovery and its depth: the head arms, and lora (matched to the circuit's budget).</summary>
    public static bool DependsOnDepth(this Arm arm) => arm.TrainsHeads() || arm == Arm.Lora;

    /// <summary>The adapter arms (added after the paper's seven; a spec's canonical form names their rates only when it uses them).</summary>
    public static bool IsAdapter(this Arm arm) => arm is Arm.Lora or Arm.Ia3;

    public static bool TryParse(string text, out Arm arm)
    {
        var key = text.Trim().ToLowerInvariant().Replace("_", "").Replace("-", "");
        foreach (var candidate in All)
            if (candidate.Name() == key) { arm = candidate; return true; }
        arm = default;
        return false;
    }

    /// <summary>Parses one arm; the message names <paramref name="setting"/> and lists the arms.</summary>
    public static Arm Parse(string text, string setting) =>
        TryParse(text, out var arm) ? arm : throw new BadInputException($"{setting}: '{text}' is not an arm; use {NameList}");

    public static string NameList => string.Join(", ", All.Select(Name));
}
