using System.CommandLine;
using Ctsft.Data;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft data ...</c>: benchmark datasets. Alone, it prints the datasets and their licences.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Dataset folder (holding nusax-senti/, xnli/); default: CTSFT_DATA, else ~/.cache/ctsft/data",
            Recursive = true,
        };
        var command = new Command("data", "Benchmark datasets (NusaX-Senti, XNLI): download, describe, split; prints licences");
        command.Options.Add(dataDir);
        command.Subcommands.Add(DataGetCommand.Create(dataDir));
        command.Subcommands.Add(DataInfoCommand.Create(dataDir));
        command.Subcommands.Add(DataSplitCommand.Create(dataDir));
        command.SetAction(_ => CommandAction.Run(PrintLicences));
        return command;
    }

    public static int PrintLicences()
    {
        var table = new Table().AddColumns("task", "dataset", "languages", "licence", "source");
        foreach (var task in DataTasks.All)
            table.AddRow(task.Key, task.Name, string.Join(" ", task.Languages), $"{task.Licence}\n{task.LicenceUrl}", task.Homepage);
        AnsiConsole.Write(table);
        foreach (var task in DataTasks.All)
            AnsiConsole.MarkupLineInterpolated($"[grey]{task.Name}: please cite {task.Citation}.[/]");
        return CommandAction.Success;
    }

    /// <summary>The <c>--task</c> option every data subcommand that reads a dataset takes.</summary>
    public static Option<string> TaskOption() => new("--task")
    {
        Description = "Dataset: " + string.Join(" or ", DataTasks.All.Select(t => t.Key)),
        Required = true,
    };
}
