using System.Text.Json.Nodes;
using Ctsft.Runtime;

namespace Ctsft.Circuits;

/// <summary>
/// Whether CD-T may run in a precision other than fp32: only if its head rankings agree with fp32's, as measured by
/// <c>bench agreement</c> (overlap of the top-2% head sets and Spearman correlation of all depth-0 scores, fp32 against
/// bf16, on MiniLM and a Qwen2.5-0.5B-shaped model). The measured figures are kept here and named in the refusal.
/// </summary>
public static class DiscoveryPrecision
{
    /// <summary>What was measured (README, Benchmarks), quoted when a precision is refused.</summary>
    public const string MeasuredAgreement =
        "measured bf16 against fp32 depth-0 scores: MiniLM top-2% overlap 0 of 1 (the top head changes), Spearman 0.966; " +
        "Qwen2.5-0.5B shape, random weights, 56 heads of 4 layers: top-2% overlap 1 of 1, Spearman 0.999";

    /// <summary>Whether discovery runs in <paramref name="precision"/>: fp32 only, since bf16 moved MiniLM's top head.</summary>
    public static bool Allows(Precision precision) => precision == Precision.Fp32;

    /// <summary>The precision a transfer's discovery runs in: the run's where allowed, else fp32 (training and evaluation keep the run's).</summary>
    public static Precision Effective(Precision precision) => Allows(precision) ? precision : Precision.Fp32;

    /// <summary>A discovery key's precision: the one it ran in (only a bf16 run's key has one; fp32 runs' keys are unchanged).</summary>
    public static JsonObject Record(Precision effective, JsonObject key)
    {
        if (key.ContainsKey("precision")) key["precision"] = effective.Name();
        return key;
    }

    /// <summary>Refuses (exit 2, naming the option) a precision whose rankings were not shown to agree with fp32's.</summary>
    public static void Check(Precision precision)
    {
        if (Allows(precision)) return;
        throw new BadSettingException("precision",
            $"{{precision}}: discovery runs in fp32 only; {precision.Name()} head rankings do not agree with fp32's ({MeasuredAgreement})");
    }
}
