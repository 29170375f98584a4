using Ctsft.Circuits;
using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>
/// Shows a discovery run's stages and the head-scoring bar on standard error (Spectre.Console), so standard
/// output keeps the result. Nothing is drawn when standard error is not a terminal.
/// </summary>
public sealed class DiscoveryProgressBar : IProgress<DiscoveryProgress>
{
    private readonly ProgressContext _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private ProgressTask? _current;

    private DiscoveryProgressBar(ProgressContext context) => _context = context;

    public static T Show<T>(Func<IProgress<DiscoveryProgress>?, T> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(new DiscoveryProgressBar(context)));
    }

    public void Report(DiscoveryProgress value)
    {
        if (!_tasks.TryGetValue(value.Stage, out var task))
        {
            if (_current is { IsFinished: false }) _current.Value = _current.MaxValue;
            _tasks[value.Stage] = task = _context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(1, value.Total));
            _current = task;
        }
        if (value.Total > 0)
        {
            task.MaxValue = value.Total;
            task.Value = value.Done;
        }
    }
}
