using System.CommandLine;
using System.Globalization;
using Ctsft.Experiments;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>ctsft experiment &lt;spec&gt; --out DIR</c>: runs a grid (a JSON spec or a preset) into a results folder that
/// survives kills and is shared by shards; <c>ctsft experiment status DIR</c> reports it.
/// </summary>
public static class ExperimentCommand
{
    private static readonly Argument<string> Spec = new("spec") { Description = $"A JSON spec file or a preset: {string.Join(", ", ExperimentPresets.Names)}" };
    private static readonly Option<string> Out = new("--out") { Description = "Results folder (results.db, cache/; shared by shards)", Required = true };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the grid, its size and what is already done; run nothing" };
    private static readonly Option<string> ShardOption = new("--shard") { Description = "Run share i of n of the grid (0 <= i < n), e.g. 0/4", DefaultValueFactory = _ => "0/1" };
    private static readonly Option<bool> RetryFailed = new("--retry-failed") { Description = "Run the cells recorded as failed again" };
    private static readonly Option<string?> DataDir = new("--data-dir") { Description = "Dataset folder (overrides the spec's data_dir; not part of the spec's identity)" };
    private static readonly Option<bool> GradientCheckpointing = new("--gradient-checkpointing")
    {
        Description = TrainCommand.GradientCheckpointingHelp + " (or the spec's gradient_checkpointing; not part of the spec's identity)",
    };
    private static readonly Option<string?> PrecisionOverride = new("--precision") { Description = "fp32 or bf16 (overrides the spec's precision; default fp32)" };
    private static readonly Option<string?> LrSearch = new("--lr-search") { Description = "Stage-2 candidate rates (overrides the spec's lr_search), e.g. 5e-5,1e-4,5e-4" };

    public static Command Create()
    {
        var command = new Command("experiment", "Run a grid of transfers (targets x n x arms x depths x seeds) into a resumable results folder") { Spec };
        foreach (var option in new Option[] { Out, DryRun, ShardOption, RetryFailed, DataDir, LrSearch, GradientCheckpointing, PrecisionOverride }) command.Options.Add(option);
        var device = new DeviceOptions();
        device.AddTo(command);
        command.Subcommands.Add(ExperimentStatusCommand.Create());
        command.Subcommands.Add(ExperimentExportCommand.Create());
        command.Subcommands.Add(ExperimentImportCommand.Create());
        command.SetAction(parse => CommandAction.Run(() =>
        {
            var shard = Shard.Parse(parse.GetValue(ShardOption)!);
            var search = parse.GetValue(LrSearch) is { } text ? LearningRates.ParseList(text, "option --lr-search") : null;
            var spec = ExperimentSpecReader.Load(parse.GetValue(Spec)!, StageExecutor.Default, parse.GetValue(DataDir), search, parse.GetValue(PrecisionOverride));
            if (parse.GetValue(GradientCheckpointing)) spec = spec with { GradientCheckpointing = true };
            return parse.GetValue(DryRun)
                ? PrintDryRun(spec, parse.GetValue(Out)!, shard)
                : Run(spec, parse.GetValue(Out)!, new ExperimentOptions(shard, parse.GetValue(RetryFailed)), device.Read(parse));
        }));
        return command;
    }

    public static int Run(ExperimentSpec spec, string outFolder, ExperimentOptions options, Ctsft.Runtime.DeviceSelection? device = null)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var summary = ProgressBar.Show(bar =>
            {
                var stages = ProgressBar.Transfer(bar);
                return ExperimentRunner.Run(spec, outFolder, options, new StageExecutor(device, spec.GradientCheckpointing),
                    new Ctsft.Circuits.InlineProgress<ExperimentProgress>(p => Report(bar, stages, p)), cancel.Token);
            });
            AnsiConsole.MarkupLineInterpolated(
                $"shard {options.Shard}: {summary.Cells} cells; {summary.Done} done now, {summary.Failed} failed, {summary.AlreadyRecorded} already recorded, {summary.Busy} held by another process");
            AnsiConsole.MarkupLineInterpolated($"status: ctsft experiment status {outFolder}");
            return summary.Failed > 0 ? CommandAction.Failure : CommandAction.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void Report(ProgressBar? bar, IProgress<TransferProgress> stages, ExperimentProgress p)
    {
        var title = $"[{p.Index + 1}/{p.Count}] {p.Cell}";
        switch (p.Outcome)
        {
            case "started": ProgressBar.Section(bar, title); break;
            case ResultsStore.Done:
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{title}: done, target accuracy {p.Result!.TargetAccuracy:F3}, proxy accuracy {p.Result.ProxyAccuracy:F3}"));
                break;
            case ResultsStore.Failed: Console.Error.WriteLine($"{title}: failed: {p.Reason}"); break;
        }
        if (p.Stage is { } stage) stages.Report(stage);
    }

    public static int PrintDryRun(ExperimentSpec spec, string outFolder, Shard shard)
    {
        var all = ExperimentGrid.Cells(spec);
        var cells = ExperimentGrid.Shard(all, shard);
        var specPath = Path.Combine(Path.GetFullPath(outFolder), ResultsStore.SpecFile);
        var relation = File.Exists(specPath) ? ResultsStore.RelationTo(ResultsStore.ReadSpecFile(specPath), spec, specPath) : null;
        var existing = relation is null ? null : ExperimentStatus.Read(outFolder);
        if (relation?.Kind == SpecRelationKind.Grows)
            AnsiConsole.MarkupLineInterpolated($"{outFolder} holds a smaller grid of this experiment (spec hash {existing!.SpecHash}); this spec grows it");
        var status = existing?.Runs.ToDictionary(r => r.Cell.Key, r => r.Status) ?? [];
        var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "target", "n", "arm", "depth", "seed", "status");
        for (var i = 0; i < cells.Count; i++)
        {
            var c = cells[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), c.Target, c.N.ToString(CultureInfo.InvariantCulture), c.Arm.Name(),
                c.Depth?.ToString(CultureInfo.InvariantCulture) ?? "-", c.Seed.ToString(CultureInfo.InvariantCulture), status.GetValueOrDefault(c.Key, ResultsStore.Pending));
        }
        AnsiConsole.Write(table);
        var done = cells.Count(c => status.GetValueOrDefault(c.Key) == ResultsStore.Done);
        var failed = cells.Count(c => status.GetValueOrDefault(c.Key) == ResultsStore.Failed);
        AnsiConsole.MarkupLineInterpolated(
            $"grid: {all.Count} cells ({spec.Targets.Count} targets x {spec.N.Count} n x {spec.Seeds.Count} seeds x arms, head arms x {spec.Depths.Count} depths); shard {shard}: {cells.Count} cells, {done} done, {failed} failed, {cells.Count - done - failed} to run");
        AnsiConsole.MarkupLineInterpolated($"spec hash {spec.Hash}; nothing was run (--dry-run)");
        return CommandAction.Success;
    }
}
