using System.CommandLine;
using Ctsft.Experiments;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft experiment import DIR --into DIR</c>: records an exported folder's runs in a results folder (new, or of the same grid).</summary>
public static class ExperimentImportCommand
{
    private static readonly Argument<string> Exported = new("exported") { Description = "A folder written by ctsft experiment export" };
    private static readonly Option<string> Into = new("--into")
    {
        Description = "Results folder to record the runs in (created if new; a folder of another spec is refused)", Required = true,
    };

    public static Command Create()
    {
        var command = new Command("import", "Record an exported folder's runs in a results folder: a report reads them and a run skips them") { Exported };
        command.Options.Add(Into);
        command.SetAction(parse => CommandAction.Run(() =>
        {
            var summary = PortableResults.Import(parse.GetValue(Exported)!, parse.GetValue(Into)!);
            AnsiConsole.MarkupLineInterpolated(
                $"{summary.Rows} exported runs: {summary.Recorded} recorded, {summary.Skipped} already there; {summary.CacheEntries} cache entries added to {Path.GetFullPath(parse.GetValue(Into)!)}");
            return CommandAction.Success;
        }));
        return command;
    }
}
