using System.CommandLine;
using Ctsft.Experiments;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft experiment export DIR --out DIR</c>: the results folder as text (rows, predictions, circuits; no model weights).</summary>
public static class ExperimentExportCommand
{
    private static readonly Argument<string> Folder = new("folder") { Description = "An experiment's results folder (--out of ctsft experiment)" };
    private static readonly Option<string> Out = new("--out")
    {
        Description = $"Folder to write: {ResultsStore.SpecFile}, {PortableResults.RunsFile} and the cache's evaluation and discovery entries (replaced whole)",
        Required = true,
    };

    public static Command Create()
    {
        var command = new Command("export", "Write a results folder as text, without model weights, to commit or to import on another machine") { Folder };
        command.Options.Add(Out);
        command.SetAction(parse => CommandAction.Run(() =>
        {
            var summary = PortableResults.Export(parse.GetValue(Folder)!, parse.GetValue(Out)!);
            AnsiConsole.MarkupLineInterpolated(
                $"{summary.Rows} recorded runs and {summary.CacheEntries} cache entries ({summary.Bytes / 1024.0 / 1024.0:F1} MiB) written to {Path.GetFullPath(parse.GetValue(Out)!)}");
            AnsiConsole.MarkupLineInterpolated($"import it: ctsft experiment import {parse.GetValue(Out)} --into <results-folder>");
            return CommandAction.Success;
        }));
        return command;
    }
}
