namespace Ctsft.Experiments;

/// <summary>Where a transfer keeps its shared stages, what runs them, and who hears about progress.</summary>
public sealed record TransferContext(StageCache Cache, StageExecutor Executor, IProgress<TransferProgress>? Progress = null,
    CancellationToken Cancellation = default);
