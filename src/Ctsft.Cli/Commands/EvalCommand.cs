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
    private static readonly Option<string?> XnliLanguagesOption = new("--xnli-languages")
    {
        Description = "XNLI: the run's language set of the 128-token prompt filter, e.g. en,th,vi,es,zh; give every stage the same set (default: en and --lang)",
    };
    private static readonly Option<bool> FullSplitOption = new("--full-split")
    {
        Description = "XNLI: evaluate the whole official split (dev or test) instead of the protocol's subset (test: 400 rows; valid, train)",
    };
    private static readonly Option<string?> AdapterOption = new("--adapter") { Description = "A PEFT LoRA / IA3 adapter folder (adapter_config.json + adapter_model.safetensors) merged into the model before evaluating" };
    private static readonly Option<ulong> SplitSeedOption = new("--split-seed") { Description = "XNLI: seed of the protocol's subsets (as in train and discover)" };

    public static Command Create()
    {
        var taskOptions = new TaskOptions();
        taskOptions.Task.Required = true;
        var command = new Command("eval", "Evaluate a model on a task's split: accuracy, macro-F1, per-class scores, confusion matrix, predictions") { ModelArgument };
        taskOptions.AddTo(command, data: true);
        var device = new DeviceOptions();
        device.AddTo(command);
        var precision = new PrecisionOption();
        precision.AddTo(command);
        foreach (var option in new Option[] { DataDirOption, BatchSizeOption, BatchOrderOption, OutOption, ForceOption, InitSeedOption,
                     XnliLanguagesOption, FullSplitOption, SplitSeedOption, AdapterOption, JsonOption })
            command.Options.Add(option);
        command.SetAction(parse => CommandAction.Run(() => Run(
            new EvaluationRunSettings(parse.GetValue(ModelArgument)!, taskOptions.Read(parse)! with
                {
                    XnliLanguages = Ctsft.Data.Protocol.XnliLanguageSet.Parse(parse.GetValue(XnliLanguagesOption)),
                    FullSplit = parse.GetValue(FullSplitOption),
                    SplitSeed = parse.GetValue(SplitSeedOption),
                }, DataDirectory.Resolve(parse.GetValue(DataDirOption)),
                parse.GetValue(BatchSizeOption), parse.GetValue(OutOption), parse.GetValue(ForceOption), parse.GetValue(InitSeedOption),
                ParseBatchOrder(parse.GetValue(BatchOrderOption)!), device.Read(parse), parse.GetValue(AdapterOption), precision.Read(parse)),
            parse.GetValue(JsonOption))));
        return command;
    }

    public static int Run(EvaluationRunSettings settings, bool json)
    {
        var run = CommandAction.Cancellable(token => ProgressBar.Show(bar => EvaluationRun.Execute(settings, bar?.Examples, download: bar?.Downloads, cancellation: token), autoClear: true));
        if (json)
        {
            foreach (var note in run.Notes)
                Console.Error.WriteLine("note: " + note);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Ctsft.Runs.RunJson.Indented))
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
        _ => throw new BadSettingException("batch_order", $"{{batch_order}} '{value}': expected length or input"),
    };

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
