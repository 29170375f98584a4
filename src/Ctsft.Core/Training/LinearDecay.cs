namespace Ctsft.Training;

/// <summary>Linear decay to zero without warm-up: step t (from 0) of T uses lr · (T − t) / T, as Hugging Face's linear schedule.</summary>
public sealed record LinearDecay(double PeakLearningRate, long TotalSteps)
{
    public double At(long step) => PeakLearningRate * Math.Max(0, TotalSteps - step) / TotalSteps;
}
