using System.Globalization;
using Ctsft.Circuits;
using Ctsft.Evaluation;
using Ctsft.Experiments;
using Ctsft.Hub;
using Ctsft.Training;
using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>One line of a progress display: its key, shown text, position and end.</summary>
/// <param name="Sequential">A new line of this kind finishes the previous one (stages that follow each other).</param>
/// <param name="Finished">The line is complete: its bar is filled and stopped.</param>
public readonly record struct ProgressLine(string Key, double Done, double Total, string? Description = null, bool Sequential = false, bool Finished = false);

/// <summary>
/// Spectre.Console bars on standard error, one per line key (a downloaded file, a discovery stage, the training
/// steps, the stages of a transfer), so standard output keeps the result. Nothing is drawn when standard error is not a
/// terminal: the work then gets no bar (a transfer's stages are then written as one line each, <see cref="Transfer"/>).
/// </summary>
public sealed class ProgressBar
{
    private readonly ProgressContext _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ProgressTask? _lastSequential;

    private ProgressBar(ProgressContext context) => _context = context;

    /// <summary>Runs <paramref name="work"/> with a bar on a terminal, with null otherwise.</summary>
    public static T Show<T>(Func<ProgressBar?, T> work, bool autoClear = false, bool bytes = false)
    {
        if (Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        ProgressColumn[] columns = bytes
            ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn()]
            : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()];
        return console.Progress().AutoClear(autoClear).Columns(columns).Start(context => work(new ProgressBar(context)));
    }

    /// <summary>A progress sink that shows each reported value as the line <paramref name="line"/> makes of it.</summary>
    public IProgress<T> For<T>(Func<T, ProgressLine> line) => new Sink<T>(this, line);

    /// <summary>One bar per file, added when its download starts.</summary>
    public IProgress<DownloadProgress> Downloads => For<DownloadProgress>(p => new(p.File, p.BytesDone, p.TotalBytes));

    public IProgress<EvaluationProgress> Examples => For<EvaluationProgress>(p => new("examples", p.Done, p.Total));

    /// <summary>One bar per stage of a discovery run; a new stage finishes the one before.</summary>
    public IProgress<DiscoveryProgress> Stages => For<DiscoveryProgress>(p => new(p.Stage, p.Done, p.Total, Sequential: true));

    /// <summary>The optimiser steps, with epoch, loss and learning rate in the description.</summary>
    public IProgress<TrainingProgress> Steps => For<TrainingProgress>(p => new("training", p.Step, p.TotalSteps, string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} lr {p.LearningRate:E2}")));

    /// <summary>
    /// The stages of a transfer: a bar per stage as it starts (a stage that runs again gets a new one), marked
    /// "(cached)" when taken from the cache. Without a terminal (<paramref name="bar"/> null), one line per finished
    /// stage on standard error.
    /// </summary>
    public static IProgress<TransferProgress> Transfer(ProgressBar? bar) => bar is null ? TransferLines : new TransferSink(bar);

    /// <summary>Hides the finished bars and starts a section with <paramref name="title"/> (an experiment's current cell).</summary>
    public static void Section(ProgressBar? bar, string title)
    {
        if (bar is null) { Console.Error.WriteLine(title); return; }
        lock (bar._gate)
        {
            foreach (var task in bar._tasks.Values) task.HideWhenCompleted = true;
            bar._tasks.Clear();
            bar._lastSequential = null;
        }
        bar.Update(new ProgressLine("section: " + title, 1, 1, title, Finished: true));
    }

    private static readonly IProgress<TransferProgress> TransferLines = new InlineProgress<TransferProgress>(p =>
    {
        if (p.Event == TransferEvent.Finished)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Stage}: {p.Detail} {(p.Cached ? "(cached)" : $"{p.Seconds:F1} s")}"));
    });

    private void Update(ProgressLine line)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(line.Key, out var task))
            {
                if (line.Sequential && _lastSequential is { IsFinished: false } previous) previous.Value = previous.MaxValue;
                _tasks[line.Key] = task = _context.AddTask(Markup.Escape(line.Description ?? line.Key), maxValue: Math.Max(1, line.Total));
                if (line.Sequential) _lastSequential = task;
            }
            if (line.Description is not null) task.Description = Markup.Escape(line.Description);
            if (line.Finished)
            {
                task.Value = task.MaxValue;
                task.StopTask();
                return;
            }
            if (line.Total <= 0) return;
            task.MaxValue = line.Total;
            task.Value = line.Done;
        }
    }

    private sealed class TransferSink(ProgressBar bar) : IProgress<TransferProgress>
    {
        private readonly Dictionary<string, int> _runs = new(StringComparer.Ordinal);

        public void Report(TransferProgress p)
        {
            lock (_runs)
            {
                if (p.Event == TransferEvent.Started || !_runs.ContainsKey(p.Stage)) _runs[p.Stage] = _runs.GetValueOrDefault(p.Stage) + 1;
                var key = $"{p.Stage} #{_runs[p.Stage]}";
                bar.Update(p.Event switch
                {
                    TransferEvent.Finished => new ProgressLine(key, 0, 0, p.Detail + (p.Cached ? " (cached)" : ""), Finished: true),
                    _ => new ProgressLine(key, p.Done, p.Total, p.Detail),
                });
            }
        }
    }

    private sealed class Sink<T>(ProgressBar bar, Func<T, ProgressLine> line) : IProgress<T>
    {
        public void Report(T value) => bar.Update(line(value));
    }
}
