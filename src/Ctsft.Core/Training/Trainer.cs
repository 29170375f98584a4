using Ctsft.Data;
using Ctsft.Reproducibility;
using Ctsft.Tasks;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Training;

/// <summary>
/// How parameters train (method.md section 4): the optimisation loop over a <see cref="ScopeBinding"/>. Each
/// step: seed dropout for the step, forward in training mode (layers checkpointed if the settings say so), cross-entropy over the task's label logits, backward,
/// mask (gradient masking), clip, AdamW at the step's learning rate. A non-finite loss or gradient norm stops the
/// run before the step is applied, leaving the last checkpoint as the last good state.
/// </summary>
public sealed class Trainer(TaskModel model, ScopeBinding binding, TrainingSettings settings)
{
    public TaskModel Model { get; } = model;
    public ScopeBinding Binding { get; } = binding;
    public TrainingSettings Settings { get; } = settings;

    /// <summary>
    /// Trains on <paramref name="examples"/>, resuming from <paramref name="checkpoint"/> if it holds one of the
    /// same run (<paramref name="identity"/>). Cancellation stops after the current step (as a kill would, minus
    /// the steps since the last checkpoint).
    /// </summary>
    public TrainingResult Run(IReadOnlyList<Example> examples, RunIdentity identity, TrainingCheckpoint? checkpoint = null,
        LossLog? log = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        Settings.Validate();
        if (examples.Count == 0) throw new BadInputException("no training examples");
        if (Model.Task.MaxLength != Settings.MaxLength)
            throw new ArgumentException($"the task truncates at {Model.Task.MaxLength} tokens but the settings say {Settings.MaxLength}; load the task with the settings' max length");
        var schedule = new BatchSchedule(examples, Settings.BatchSize, Settings.Epochs, Settings.Seed);
        var learningRate = new LinearDecay(Settings.LearningRate, schedule.TotalSteps);
        var checkpointEvery = Settings.CheckpointEvery ?? schedule.StepsPerEpoch;
        using var optimizer = new MaskedAdamW(WeightDecayGroups.Assign(Binding.Tensors, Model.Model.Config, Settings.DecayNormsAndBiases), Settings);
        long step = 0, lastCheckpoint = 0;
        if (checkpoint is { Exists: true })
        {
            step = lastCheckpoint = checkpoint.Restore(identity, Binding.Tensors, optimizer);
            log?.TruncateAfter(step);
        }
        var resumedFrom = step;
        double? lastLoss = null;
        while (step < schedule.TotalSteps)
        {
            var epoch = schedule.EpochOf(step);
            var outcome = TrainStep(schedule.Batch(step), step, learningRate.At(step), optimizer);
            if (outcome is null)
                return new TrainingResult(TrainingStatus.NonFiniteLoss, step, schedule.TotalSteps, resumedFrom, lastLoss, step + 1, lastCheckpoint);
            var (loss, norm) = outcome.Value;
            lastLoss = loss;
            step++;
            log?.Append(new LossLogEntry(step, epoch + 1, loss, learningRate.At(step - 1), norm));
            if (checkpoint is not null && (step % checkpointEvery == 0 || step % schedule.StepsPerEpoch == 0) && step < schedule.TotalSteps)
            {
                checkpoint.Save(step, identity, Binding.Tensors, optimizer);
                lastCheckpoint = step;
            }
            progress?.Report(new TrainingProgress(step, schedule.TotalSteps, epoch + 1, Settings.Epochs, loss, learningRate.At(step - 1), norm));
            if (cancellation.IsCancellationRequested && step < schedule.TotalSteps)
                return new TrainingResult(TrainingStatus.Interrupted, step, schedule.TotalSteps, resumedFrom, lastLoss);
        }
        Model.Model.eval();
        return new TrainingResult(TrainingStatus.Completed, step, schedule.TotalSteps, resumedFrom, lastLoss);
    }

    /// <summary>One optimiser step; null (and nothing applied) if the loss or the gradient norm is not finite.</summary>
    private (double Loss, double GradNorm)? TrainStep(IReadOnlyList<Example> batchExamples, long step, double learningRate, MaskedAdamW optimizer)
    {
        using var scope = NewDisposeScope();
        manual_seed((long)(SeededRandom.DeriveSeed(Settings.Seed, $"{SeedPurposes.TrainingDropout}/step-{step}") >> 1));
        Model.Model.train();
        Binding.ZeroGradients();
        using var batch = Model.Readout.Encode(batchExamples);
        Tensor loss;
        Model.Model.Layers.GradientCheckpointing = Settings.GradientCheckpointing;
        try
        {
            using (Runtime.MixedPrecision.Use(Settings.Precision))   // the logits and the loss are fp32 in either precision
            {
                loss = F.cross_entropy(Model.Readout.LabelLogits(Model.Model, batch, readoutOnly: Binding.AllowsReadoutOnly), batch.Labels);
                loss.backward();
            }
        }
        finally
        {
            Model.Model.Layers.GradientCheckpointing = false;
        }
        Binding.MaskGradients();
        var norm = GradientClipping.ClipOnDevice(Binding.Tensors, Settings.MaxGradNorm);
        // The step's one host read (the loss log and the non-finite guard), before anything is applied.
        var read = stack([loss.detach().to(float64), norm.to(float64)]).cpu().data<double>().ToArray();
        var (lossValue, normValue) = ((float)read[0], read[1]);
        if (!float.IsFinite(lossValue) || !double.IsFinite(normValue)) return null;
        optimizer.Step(learningRate);
        return (lossValue, normValue);
    }
}
