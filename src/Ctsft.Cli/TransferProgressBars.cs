using System.Globalization;
using Ctsft.Experiments;
using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>
/// One Spectre.Console bar per stage of a transfer on standard error (stage 1, A0, discovery, stage 2, evaluation),
/// so standard output keeps the result. When standard error is not a terminal, one line per finished stage instead.
/// </summary>
public sealed class TransferProgressBars : IProgress<TransferProgress>
{
    private readonly ProgressContext? _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<ProgressTask> _all = [];

    private TransferProgressBars(ProgressContext? context) => _context = context;

    public static T Show<T>(Func<TransferProgressBars, T> work)
    {
        if (Console.IsErrorRedirected) return work(new TransferProgressBars(null));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => work(new TransferProgressBars(context)));
    }

    /// <summary>Hides the bars of the previous cell (an experiment shows the current cell's stages only).</summary>
    public void NewCell(string title)
    {
        foreach (var task in _all) task.HideWhenCompleted = true;
        _tasks.Clear();
        if (_context is null) Console.Error.WriteLine(title);
        else
        {
            var header = _context.AddTask(Markup.Escape(title), maxValue: 1);
            header.Value = 1;
            _all.Add(header);
        }
    }

    public void Report(TransferProgress value)
    {
        if (_context is null)
        {
            if (value.Event == TransferEvent.Finished)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {value.Stage}: {value.Detail} {(value.Cached ? "(cached)" : $"{value.Seconds:F1} s")}"));
            return;
        }
        if (value.Event == TransferEvent.Started || !_tasks.TryGetValue(value.Stage, out var task))
        {
            _tasks[value.Stage] = task = _context.AddTask(Markup.Escape(value.Detail), maxValue: 1);
            _all.Add(task);
        }
        switch (value.Event)
        {
            case TransferEvent.Advanced when value.Total > 0:
                task.MaxValue = value.Total;
                task.Value = value.Done;
                task.Description = Markup.Escape(value.Detail);
                break;
            case TransferEvent.Finished:
                task.Description = Markup.Escape(value.Detail + (value.Cached ? " (cached)" : ""));
                task.Value = task.MaxValue;
                task.StopTask();
                break;
        }
    }
}
