using Ctsft.Evaluation;
using Ctsft.Hub;
using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>
/// Spectre.Console bars on standard error for a run: one per model file downloaded, one for the examples
/// scored. Nothing is drawn when standard error is not a terminal, so standard output stays clean.
/// </summary>
public sealed class EvaluationProgressBar : IProgress<EvaluationProgress>, IProgress<DownloadProgress>
{
    private readonly ProgressContext _context;
    private readonly Dictionary<string, ProgressTask> _downloads = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ProgressTask? _examples;

    private EvaluationProgressBar(ProgressContext context) => _context = context;

    public static T Show<T>(Func<EvaluationProgressBar?, T> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(new EvaluationProgressBar(context)));
    }

    public void Report(EvaluationProgress value)
    {
        lock (_gate)
        {
            _examples ??= _context.AddTask("examples", maxValue: Math.Max(1, value.Total));
            _examples.Value = value.Done;
        }
    }

    public void Report(DownloadProgress value)
    {
        lock (_gate)
        {
            if (!_downloads.TryGetValue(value.File, out var task))
                _downloads[value.File] = task = _context.AddTask(Markup.Escape(value.File), maxValue: Math.Max(1, value.TotalBytes));
            task.Value = value.BytesDone;
        }
    }
}
