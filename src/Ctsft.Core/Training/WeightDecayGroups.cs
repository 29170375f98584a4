using Ctsft.Models;

namespace Ctsft.Training;

/// <summary>
/// Which trainable tensors weight decay applies to, as Hugging Face's Trainer groups them: every weight except
/// normalisation weights (LayerNorm / RMSNorm) and biases, unless <see cref="TrainingSettings.DecayNormsAndBiases"/>
/// asks for all of them (the plain <c>torch.optim.AdamW(model.parameters())</c> behaviour).
/// </summary>
public static class WeightDecayGroups
{
    public static IReadOnlyList<TrainableTensor> Assign(IReadOnlyList<TrainableTensor> tensors, TransformerConfig config, bool decayNormsAndBiases)
    {
        var norms = config.NormParameterNames().ToHashSet(StringComparer.Ordinal);
        return tensors.Select(t => t with { Decays = decayNormsAndBiases || !IsNormOrBias(t.ParameterName, norms) }).ToArray();
    }

    public static bool IsNormOrBias(string parameterName, IReadOnlySet<string> normNames) =>
        parameterName.EndsWith(".bias", StringComparison.Ordinal) || normNames.Contains(parameterName);

    /// <summary>How run.json describes the grouping.</summary>
    public static string Describe(TrainingSettings settings) => settings.WeightDecay == 0 ? "none (weight decay 0)"
        : settings.DecayNormsAndBiases ? "every trainable tensor, norms and biases included (decay_norms_and_biases)"
        : "weights only: norm weights and every bias are not decayed (Hugging Face Trainer grouping)";
}
