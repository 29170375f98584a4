using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ctsft.Data.Acquisition;
using Ctsft.Evaluation;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>ctsft eval &lt;model&gt; --task nusax|xnli|custom ...</c>: evaluates a model on a split, prints the metrics and
/// writes <c>predictions.jsonl</c>, <c>metrics.json</c> and <c>manifest.json</c> to the run folder.
/// </summary>
public static class EvalCommand
{
    private static readonly Argument<string> ModelArgument = new("model") { Description = "A model folder, a built-in name (minilm) or a hub id org/name[@revision]" };
    private static readonly Option<string?> DataDirOption = new("--data-dir") { Description = "Dataset folder (holding nusax-senti/, xnli/); default: CTSFT_DATA, else ~/.cache/ctsft/data" };
    private static readonly Option<int> BatchSizeOption = new("--batch-size") { Description = "Examples per forward pass", DefaultValueFactory = _ => TaskEvaluation.DefaultBatchSize };
    private static readonly Option<string?> OutOption = new("--out") { Description = "Run folder (default runs/eval-<task>-<lang>-<split>-<time>)" };
    private static readonly Option<bool> ForceOption = new("--force") { Description = "Overwrite a run already in --out" };
    private static readonly Option<int> InitSeedOption = new("--init-seed") { Description = "Seed of a classifier the encoder checkpoint lacks (it is then untrained)" };
    private static readonly Option<string> BatchOrderOption = new("--batch-order")
    {
        Description = "length: batch prompts of similar length (less padding, faster); input: batch in file order. Never changes a prediction",
        DefaultValueFactory = _ => "length",
    };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print the metrics as JSON instead of tables" };

    public static Command Create()
    {
        var taskOptions = new TaskOptions();
        taskOptions.Task.Required = true;
        var command = new Command("eval", "Evaluate a model on a task's split: accuracy, macro-F1, per-class scores, confusion matrix, predictions") { ModelArgument };
        taskOptions.AddTo(command, data: true);
        foreach (var option in new Option[] { DataDirOption, BatchSizeOption, BatchOrderOption, OutOption, ForceOption, InitSeedOption, JsonOption })
            command.Options.Add(option);
        command.SetAction(parse => CommandAction.Run(() => Run(
            new EvaluationRunSettings(parse.GetValue(ModelArgument)!, taskOptions.Read(parse)!, DataDirectory.Resolve(parse.GetValue(DataDirOption)),
                parse.GetValue(BatchSizeOption), parse.GetValue(OutOption), parse.GetValue(ForceOption), parse.GetValue(InitSeedOption),
                ParseBatchOrder(parse.GetValue(BatchOrderOption)!)),
            parse.GetValue(JsonOption))));
        return command;
    }

    public static int Run(EvaluationRunSettings settings, bool json)
    {
        var run = ProgressBar.Show(bar => EvaluationRun.Execute(settings, bar?.Examples, download: bar?.Downloads), autoClear: true);
        if (json)
        {
            foreach (var note in run.Notes)
                Console.Error.WriteLine("note: " + note);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, JsonFormat.Indented))
            {
                writer.WriteStartObject();
                writer.WriteString("run_folder", run.Folder);
                writer.WritePropertyName("metrics");
                MetricsFile.WriteObject(writer, run.Evaluation.Metrics);
                writer.WriteEndObject();
            }
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return CommandAction.Success;
        }
        Render(run);
        return CommandAction.Success;
    }

    private static void Render(EvaluationRunResult run)
    {
        var m = run.Manifest;
        var metrics = run.Evaluation.Metrics;
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{m.Model.Spec}[/] ({m.Model.Architecture}) on [bold]{m.Task.Name} {m.Data.Language} {m.Data.Split}[/]: {metrics.Count} examples, batch size {m.Settings.BatchSize}");
        foreach (var note in run.Notes)
            AnsiConsole.MarkupLineInterpolated($"[yellow]note: {note}[/]");

        var summary = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        summary.AddRow("accuracy", F(metrics.Accuracy));
        summary.AddRow("macro-F1", F(metrics.MacroF1));
        summary.AddRow("mean gold margin", F(metrics.MeanGoldMargin));
        AnsiConsole.Write(summary);

        var perClass = new Table().Border(TableBorder.Rounded).AddColumn("label");
        foreach (var column in new[] { "precision", "recall", "F1", "support", "predicted" })
            perClass.AddColumn(new TableColumn(column).RightAligned());
        foreach (var c in metrics.PerClass)
            perClass.AddRow(Markup.Escape(c.Label), F(c.Precision), F(c.Recall), F(c.F1), I(c.Support), I(c.Predicted));
        AnsiConsole.Write(perClass);

        var labels = metrics.Confusion.Labels;
        var confusion = new Table().Border(TableBorder.Rounded).Title("confusion matrix (rows gold, columns predicted)").AddColumn("gold \\ predicted");
        foreach (var label in labels) confusion.AddColumn(new TableColumn(Markup.Escape(label)).RightAligned());
        for (var g = 0; g < labels.Count; g++)
            confusion.AddRow([Markup.Escape(labels[g]), .. Enumerable.Range(0, labels.Count).Select(p => g == p ? $"[bold]{metrics.Confusion[g, p]}[/]" : I(metrics.Confusion[g, p]))]);
        AnsiConsole.Write(confusion);
        AnsiConsole.MarkupLineInterpolated($"[grey]precision of a label never predicted is 0; macro-F1 averages the labels that occur as gold or prediction[/]");
        AnsiConsole.MarkupLineInterpolated($"wrote {run.Folder}/ ({string.Join(", ", EvaluationRun.OutputFiles)})");
    }

    public static BatchOrder ParseBatchOrder(string value) => value.ToLowerInvariant() switch
    {
        "length" => BatchOrder.ByLength,
        "input" => BatchOrder.Input,
        _ => throw new BadInputException($"--batch-order '{value}': expected length or input"),
    };

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
