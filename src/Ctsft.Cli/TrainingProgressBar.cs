using System.Globalization;
using Ctsft.Training;
using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>
/// A Spectre.Console bar over the optimiser steps on standard error (epoch, loss and learning rate in its
/// description). Nothing is drawn when standard error is not a terminal.
/// </summary>
public sealed class TrainingProgressBar(ProgressContext context) : IProgress<TrainingProgress>
{
    private ProgressTask? _task;

    public static T Show<T>(Func<IProgress<TrainingProgress>?, T> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(new TrainingProgressBar(context)));
    }

    public void Report(TrainingProgress value)
    {
        _task ??= context.AddTask("training", maxValue: value.TotalSteps);
        _task.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {value.Epoch}/{value.Epochs} step {value.Step}/{value.TotalSteps} loss {value.Loss:F4} lr {value.LearningRate:E2}");
        _task.Value = value.Step;
    }
}
