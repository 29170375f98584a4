using Ctsft.Hub;
using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>
/// Shows download progress as Spectre.Console bars on standard error (one per file, added when its
/// download starts), so standard output stays clean for the result. Nothing is drawn when standard
/// error is not a terminal.
/// </summary>
public sealed class DownloadProgressBar : IProgress<DownloadProgress>
{
    private readonly ProgressContext _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private DownloadProgressBar(ProgressContext context) => _context = context;

    /// <summary>Runs <paramref name="work"/> with a progress sink: bars on a terminal, none otherwise.</summary>
    public static int Show(Func<IProgress<DownloadProgress>?, int> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes,
        });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context => work(new DownloadProgressBar(context)));
    }

    public void Report(DownloadProgress value)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(value.File, out var task))
                _tasks[value.File] = task = _context.AddTask(Markup.Escape(value.File), maxValue: Math.Max(1, value.TotalBytes));
            task.Value = value.BytesDone;
        }
    }
}
