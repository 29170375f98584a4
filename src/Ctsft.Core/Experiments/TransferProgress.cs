namespace Ctsft.Experiments;

public enum TransferEvent { Started, Advanced, Finished }

/// <summary>
/// A transfer's progress: a stage (<see cref="TransferStages"/>) started, advanced (<see cref="Done"/> of
/// <see cref="Total"/>) or finished (taken from the cache or computed, in <see cref="Seconds"/>).
/// </summary>
public sealed record TransferProgress(string Stage, TransferEvent Event, string Detail = "", double Done = 0, double Total = 0,
    bool Cached = false, double Seconds = 0);

/// <summary>The stages of a transfer, in order; timings are reported per stage.</summary>
public static class TransferStages
{
    public const string Stage1 = "stage1", Discovery = "discovery", Competence = "a0", Stage2 = "stage2", Evaluation = "evaluation";
    public static IReadOnlyList<string> All { get; } = [Stage1, Competence, Discovery, Stage2, Evaluation];
}

/// <summary>Times the stages of one transfer and reports their start and end.</summary>
public sealed class StageTimer(IProgress<TransferProgress>? progress)
{
    private readonly Dictionary<string, double> _seconds = TransferStages.All.ToDictionary(s => s, _ => 0.0);

    public IReadOnlyDictionary<string, double> Seconds => _seconds;

    public (string Folder, bool Cached) Run(string stage, string detail, Func<(string Folder, bool Cached)> work)
    {
        progress?.Report(new TransferProgress(stage, TransferEvent.Started, detail));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = work();
        _seconds[stage] += clock.Elapsed.TotalSeconds;
        progress?.Report(new TransferProgress(stage, TransferEvent.Finished, detail, Cached: result.Cached, Seconds: clock.Elapsed.TotalSeconds));
        return result;
    }

    /// <summary>Reports how far a stage is.</summary>
    public IProgress<TransferProgress>? Progress => progress;
}
