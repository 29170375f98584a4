using System.CommandLine;
using Ctsft.Reports;
using Ctsft.Runs;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>ctsft report &lt;results-folder&gt; [--out DIR] [--json]</c>: the tables, bootstrap comparisons and plots of an
/// experiment's results folder, written to DIR (default: the folder's <c>report/</c>); prints the Markdown, or the JSON.
/// </summary>
public static class ReportCommand
{
    private static readonly Argument<string> Folder = new("results-folder") { Description = "An experiment's results folder (--out of ctsft experiment)" };
    private static readonly Option<string?> Out = new("--out") { Description = "Where to write report.md, report.json and the PNGs (default: <results-folder>/report)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the report's JSON (runs, aggregates, bootstrap) instead of its Markdown" };
    private static readonly Option<int> Resamples = new("--bootstrap-resamples") { Description = "Paired bootstrap resamples", DefaultValueFactory = _ => 10_000 };
    private static readonly Option<ulong> BootstrapSeed = new("--bootstrap-seed") { Description = "Seed of the paired bootstrap", DefaultValueFactory = _ => 0UL };
    private static readonly Option<double> Confidence = new("--confidence") { Description = "Confidence level of the bootstrap interval", DefaultValueFactory = _ => 0.95 };
    private static readonly Option<CtSftSelection> Selection = new("--ctsft-selection")
    {
        Description = "none: Circuit and NearZero reported separately; validation: also a CT-SFT row taking the better of the two on target validation accuracy (needs lr_search)",
        DefaultValueFactory = _ => CtSftSelection.None,
    };
    private static readonly Option<bool> NoPlots = new("--no-plots") { Description = "Write report.md and report.json only" };

    public static Command Create()
    {
        var command = new Command("report", "Tables (mean ± sd over seeds, the paper's numbers beside), paired bootstrap against full FT, budgets and plots of an experiment") { Folder };
        foreach (var option in new Option[] { Out, Json, Resamples, BootstrapSeed, Confidence, Selection, NoPlots }) command.Options.Add(option);
        command.SetAction(parse => CommandAction.Run(() =>
        {
            var options = new ReportOptions
            {
                Bootstrap = new BootstrapOptions(parse.GetValue(Resamples), parse.GetValue(BootstrapSeed), parse.GetValue(Confidence)),
                Selection = parse.GetValue(Selection),
                Plots = !parse.GetValue(NoPlots),
            };
            var folder = parse.GetValue(Folder)!;
            return Run(folder, parse.GetValue(Out) ?? ReportWriter.DefaultOut(folder), options, parse.GetValue(Json));
        }));
        return command;
    }

    public static int Run(string resultsFolder, string outFolder, ReportOptions options, bool json)
    {
        options.Bootstrap.Validate();
        var report = ExperimentReport.Build(resultsFolder, options);
        var files = ReportWriter.Write(report, outFolder);
        if (json)
        {
            Console.WriteLine(File.ReadAllText(files.Json).TrimEnd());
            return CommandAction.Success;
        }
        Console.WriteLine(File.ReadAllText(files.Markdown).TrimEnd());
        Console.Error.WriteLine($"report written to {files.Folder} ({ReportWriter.MarkdownFile}, {ReportWriter.JsonFile}, {files.Plots.Count} plots)");
        return CommandAction.Success;
    }
}
