using System.Globalization;

namespace Ctsft.Training;

/// <summary>
/// The recipe of method.md section 4; every default is the paper's or the project's recorded decision.
/// AdamW (decoupled weight decay) with a linear decay to zero and no warm-up, global gradient-norm clipping
/// over the trainable entries, fp32, per-epoch seeded shuffling, dropout as the model configures it.
/// </summary>
public sealed record TrainingSettings
{
    public double LearningRate { get; init; } = 5e-5;
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 16;
    public int MaxLength { get; init; } = 128;
    public double WeightDecay { get; init; } = 0.0;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Decay norm weights and biases too (default: not, as Hugging Face's Trainer groups parameters).</summary>
    public bool DecayNormsAndBiases { get; init; }

    /// <summary>Dropout on hidden states (BERT's <c>hidden_dropout_prob</c>, also its classifier's); null = the model config's rate.</summary>
    public double? HiddenDropout { get; init; }

    /// <summary>Dropout on attention probabilities (<c>attention_probs_dropout_prob</c> / <c>attention_dropout</c>); null = the model config's rate.</summary>
    public double? AttentionDropout { get; init; }
    public ulong Seed { get; init; } = 31;
    public GradientMasking Masking { get; init; } = GradientMasking.Slices;

    /// <summary>
    /// Keep only each transformer layer's input during the forward and recompute the layer in the backward (same
    /// dropout masks): less memory for about one more forward per step, the same results. Not part of a run's identity.
    /// </summary>
    public bool GradientCheckpointing { get; init; }

    /// <summary>
    /// The products' arithmetic (<see cref="Runtime.MixedPrecision"/>); master weights, optimiser state and loss stay fp32.
    /// Left out of the serialised recipe when fp32, so the identity of every fp32 run is what it was before the option.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public Runtime.Precision Precision { get; init; } = Runtime.Precision.Fp32;

    /// <summary>Save a resumable checkpoint every this many steps; null = at the end of every epoch.</summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>Refuses values no run can use; the message names the setting and the value.</summary>
    public void Validate()
    {
        static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (!(LearningRate > 0 && LearningRate <= 1))
            throw new BadSettingException("learning_rate", $"{{learning_rate}}: {Text(LearningRate)} is out of range; the learning rate must be in (0, 1]");
        if (Epochs < 1 || Epochs > 1000)
            throw new BadSettingException("epochs", $"{{epochs}}: {Epochs} is out of range; use 1..1000");
        if (BatchSize < 1 || BatchSize > 4096)
            throw new BadSettingException("batch_size", $"{{batch_size}}: {BatchSize} is out of range; use 1..4096");
        if (MaxLength < 2 || MaxLength > 8192)
            throw new BadSettingException("max_length", $"{{max_length}}: {MaxLength} is out of range; use 2..8192");
        if (!(WeightDecay >= 0 && WeightDecay < 1))
            throw new BadSettingException("weight_decay", $"{{weight_decay}}: {Text(WeightDecay)} is out of range; use [0, 1)");
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw new BadSettingException("beta1", $"{{beta1}}: {Text(Beta1)} is out of range; use [0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw new BadSettingException("beta2", $"{{beta2}}: {Text(Beta2)} is out of range; use [0, 1)");
        if (!(Epsilon > 0))
            throw new BadSettingException("epsilon", $"{{epsilon}}: {Text(Epsilon)} must be positive");
        if (HiddenDropout is { } hidden && !(hidden >= 0 && hidden < 1))
            throw new BadSettingException("hidden_dropout", $"{{hidden_dropout}}: {Text(hidden)} is out of range; use [0, 1)");
        if (AttentionDropout is { } attention && !(attention >= 0 && attention < 1))
            throw new BadSettingException("attention_dropout", $"{{attention_dropout}}: {Text(attention)} is out of range; use [0, 1)");
        if (!(MaxGradNorm > 0))
            throw new BadSettingException("max_grad_norm", $"{{max_grad_norm}}: {Text(MaxGradNorm)} must be positive");
        if (CheckpointEvery is < 1)
            throw new BadSettingException("checkpoint_every", $"{{checkpoint_every}}: {CheckpointEvery} must be at least 1");
    }
}
