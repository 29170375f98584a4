namespace Ctsft.Training;

/// <summary>Reported after every optimiser step.</summary>
public sealed record TrainingProgress(long Step, long TotalSteps, int Epoch, int Epochs, double Loss, double LearningRate, double GradNorm);

/// <summary>How a run ended.</summary>
public enum TrainingStatus { Completed, Interrupted, NonFiniteLoss }

/// <summary>
/// The outcome of <see cref="Trainer.Run"/>: how it ended, the steps done (by this and earlier, resumed
/// processes), the step it resumed from, the last finite loss, and on a non-finite stop the step that failed
/// and the last good checkpoint's step.
/// </summary>
public sealed record TrainingResult(
    TrainingStatus Status,
    long StepsDone,
    long TotalSteps,
    long ResumedFrom,
    double? LastLoss,
    long? FailedStep = null,
    long? LastGoodCheckpoint = null);
