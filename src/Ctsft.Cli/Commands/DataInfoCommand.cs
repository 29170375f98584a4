using System.CommandLine;
using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft data info --task nusax|xnli</c>: languages, splits, row and label counts, licence.</summary>
public static class DataInfoCommand
{
    public static Command Create(Option<string?> dataDir)
    {
        var task = DataCommand.TaskOption();
        var command = new Command("info", "Show a dataset's languages, splits, row and label counts and licence");
        command.Options.Add(task);
        command.SetAction(parse => CommandAction.Run(() => Info(parse.GetValue(task)!, parse.GetValue(dataDir))));
        return command;
    }

    public static int Info(string taskKey, string? dataDirOption)
    {
        var task = DataTasks.Get(taskKey);
        var dataDir = DataDirectory.Resolve(dataDirOption);
        var present = task.LanguagesPresent(dataDir);
        if (present.Count == 0)
            throw new BadInputException(
                $"{Path.Combine(dataDir, task.Folder)}: no {task.Name} files; run `ctsft data get {task.Key}` or set --data-dir");
        var table = new Table().AddColumns(["language", "split", "rows", .. task.LabelNames]);
        foreach (var language in present)
            foreach (var split in task.Splits)
            {
                var dataset = task.Load(dataDir, language, split);
                table.AddRow([language, split, dataset.Count.ToString(), .. dataset.LabelCounts().Select(c => c.ToString())]);
            }
        AnsiConsole.MarkupLineInterpolated($"{task.Name} in {Path.Combine(dataDir, task.Folder)}; proxy language {task.ProxyLanguage}");
        AnsiConsole.Write(table);
        var absent = task.Languages.Except(present).ToArray();
        if (absent.Length > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]not present: {string.Join(", ", absent)}[/]");
        AnsiConsole.MarkupLineInterpolated($"Licence: {task.Licence} ({task.LicenceUrl})");
        return CommandAction.Success;
    }
}
