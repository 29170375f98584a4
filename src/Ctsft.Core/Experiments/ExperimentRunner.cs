using Ctsft.Circuits;

namespace Ctsft.Experiments;

/// <summary>How an experiment runs: which share of the grid, and whether failed cells are run again.</summary>
public sealed record ExperimentOptions(Shard Shard, bool RetryFailed = false);

/// <summary>A cell started, reported a stage, or ended (done, failed, or skipped because it is recorded or another process has it).</summary>
public sealed record ExperimentProgress(GridCell Cell, int Index, int Count, TransferProgress? Stage = null, string? Outcome = null,
    string? Reason = null, TransferResult? Result = null);

/// <summary>What one invocation did with its share of the grid.</summary>
public sealed record ExperimentSummary(int Cells, int Done, int Failed, int AlreadyRecorded, int Busy);

/// <summary>
/// Runs a grid into its results folder: every cell of the shard that is not recorded yet (or failed, with
/// <see cref="ExperimentOptions.RetryFailed"/>), one at a time, each claimed by a lock file so that two processes never
/// compute the same cell. A failing cell is recorded as failed with its reason and the grid goes on; a killed
/// process leaves nothing recorded for its cell, and the next run continues from the cached stages.
/// </summary>
public static class ExperimentRunner
{
    public static ExperimentSummary Run(ExperimentSpec spec, string outFolder, ExperimentOptions options, StageExecutor executor,
        IProgress<ExperimentProgress>? progress = null, CancellationToken cancellation = default)
    {
        using var store = ResultsStore.Open(outFolder, spec);
        var cells = ExperimentGrid.Shard(ExperimentGrid.Cells(spec), options.Shard);
        int done = 0, failed = 0, recorded = 0, busy = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var cell = cells[i];
            if (IsFinished(store.Get(cell), options)) { recorded++; progress?.Report(new(cell, i, cells.Count, Outcome: "recorded")); continue; }
            using var claim = store.TryClaim(cell);
            if (claim is null) { busy++; progress?.Report(new(cell, i, cells.Count, Outcome: "busy")); continue; }
            if (IsFinished(store.Get(cell), options)) { recorded++; continue; }
            progress?.Report(new(cell, i, cells.Count, Outcome: "started"));
            long? stageRow = null;
            var stages = new InlineProgress<TransferProgress>(p =>
            {
                if (p.Event == TransferEvent.Started) stageRow = store.StageStarted(cell, p.Stage, p.Detail);
                else if (p.Event == TransferEvent.Finished && stageRow is { } row) { store.StageFinished(row, p.Seconds, p.Cached); stageRow = null; }
                progress?.Report(new(cell, i, cells.Count, Stage: p));
            });
            try
            {
                var result = TransferRun.Execute(spec.Settings(cell), new TransferContext(store.Cache, executor, stages, cancellation));
                store.RecordDone(cell, result);
                done++;
                progress?.Report(new(cell, i, cells.Count, Outcome: ResultsStore.Done, Result: result));
            }
            catch (OperationCanceledException) { throw; }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var reason = e is BadInputException or Training.TrainingStoppedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                store.RecordFailed(cell, reason);
                failed++;
                progress?.Report(new(cell, i, cells.Count, Outcome: ResultsStore.Failed, Reason: reason));
            }
        }
        return new ExperimentSummary(cells.Count, done, failed, recorded, busy);
    }

    private static bool IsFinished(CellRecord? record, ExperimentOptions options) =>
        record?.Status == ResultsStore.Done || (record?.Status == ResultsStore.Failed && !options.RetryFailed);
}
