using System.CommandLine;
using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft data get nusax|xnli</c>: download and verify a dataset, or verify the copy already there.</summary>
public static class DataGetCommand
{
    public static Command Create(Option<string?> dataDir)
    {
        var task = new Argument<string>("task") { Description = "nusax or xnli" };
        var source = new Option<string?>("--source")
        {
            Description = "Download address: NusaX, the base of the repository's raw files; XNLI, the XNLI-1.0 zip",
        };
        var command = new Command("get", "Download a dataset into the data folder, verifying sizes and SHA-256 hashes");
        command.Arguments.Add(task);
        command.Options.Add(source);
        command.SetAction(parse => CommandAction.Run(() =>
            Get(parse.GetValue(task)!, parse.GetValue(dataDir), parse.GetValue(source))));
        return command;
    }

    public static int Get(string taskKey, string? dataDirOption, string? source)
    {
        var task = DataTasks.Get(taskKey);
        var dataDir = DataDirectory.Resolve(dataDirOption);
        var sourceUri = source is null ? null
            : Uri.TryCreate(source, UriKind.Absolute, out var uri) ? uri
            : throw new BadInputException($"option --source: '{source}' is not an absolute address");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var report = DatasetAcquisition.GetAsync(task, dataDir, sourceUri, http,
            line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]")).GetAwaiter().GetResult();
        AnsiConsole.MarkupLineInterpolated(
            $"{task.Name}: {report.Downloaded.Count} files downloaded, {report.AlreadyPresent.Count} already present and verified, in {report.Folder}");
        AnsiConsole.MarkupLineInterpolated($"Licence: {task.Licence} ({task.LicenceUrl}). Please cite {task.Citation}.");
        return CommandAction.Success;
    }
}
