using System.CommandLine;
using System.Globalization;
using Ctsft.Experiments;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft experiment status DIR [--json]</c>: done / failed / pending counts, every cell, time per stage.</summary>
public static class ExperimentStatusCommand
{
    private static readonly Argument<string> Folder = new("folder") { Description = "An experiment's results folder (--out of ctsft experiment)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable: done, failed, pending, runs (target, n, arm, depth, seed, status, target_accuracy, proxy_accuracy)" };

    public static Command Create()
    {
        var command = new Command("status", "Print an experiment's progress: done / failed / pending counts, every cell, time per stage") { Folder };
        command.Options.Add(Json);
        command.SetAction(parse => CommandAction.Run(() => Print(ExperimentStatus.Read(parse.GetValue(Folder)!), parse.GetValue(Json))));
        return command;
    }

    public static int Print(ExperimentStatus status, bool json)
    {
        if (json)
        {
            Console.WriteLine(status.ToJson().ToJsonString(TransferResult.Indented));
            return CommandAction.Success;
        }
        static string F(double? v) => v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "";
        var table = new Table().Border(TableBorder.Rounded).AddColumns("target", "n", "arm", "depth", "seed", "status", "target acc.", "proxy acc.", "reason");
        foreach (var r in status.Runs)
            table.AddRow(r.Cell.Target, r.Cell.N.ToString(CultureInfo.InvariantCulture), r.Cell.Arm.Name(), r.Cell.Depth?.ToString(CultureInfo.InvariantCulture) ?? "-",
                r.Cell.Seed.ToString(CultureInfo.InvariantCulture), r.Status, F(r.TargetAccuracy), F(r.ProxyAccuracy), Markup.Escape(r.Reason ?? ""));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{status.Done} done, {status.Failed} failed, {status.Pending} pending ({status.Running} running) of {status.Runs.Count}");
        AnsiConsole.MarkupLineInterpolated($"time per stage so far: {status.StageSecondsText()}");
        return CommandAction.Success;
    }
}
