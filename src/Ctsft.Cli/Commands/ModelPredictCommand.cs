using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ctsft.Evaluation;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>ctsft model predict &lt;model&gt; --text ...</c>: label probabilities (an encoder's own labels, or a task's), or a
/// decoder's top next tokens when no task is given.
/// </summary>
public static class ModelPredictCommand
{
    private static readonly Argument<string> ModelArgument = new("model") { Description = "A model folder, a built-in name (minilm) or a hub id org/name[@revision]" };
    private static readonly Option<string> TextOption = new("--text") { Description = "The text to run", Required = true };
    private static readonly Option<string?> TextPairOption = new("--text-pair") { Description = "A second text (e.g. an XNLI hypothesis)" };
    private static readonly Option<int> InitSeedOption = new("--init-seed") { Description = "Seed of a classifier the encoder checkpoint lacks (it is then untrained)" };
    private static readonly Option<int> TopOption = new("--top") { Description = "Decoders without --task: how many next tokens to show", DefaultValueFactory = _ => 10 };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON instead of a table" };

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var taskOptions = new TaskOptions();
        var command = new Command("predict", "Run a model on one text: label probabilities, or a decoder's next tokens") { ModelArgument, TextOption, TextPairOption };
        taskOptions.AddTo(command, data: false);
        var device = new DeviceOptions();
        device.AddTo(command);
        foreach (var option in new Option[] { InitSeedOption, TopOption, JsonOption })
            command.Options.Add(option);
        command.SetAction(parse => CommandAction.Run(() => Run(
            new TextPredictionSettings(parse.GetValue(ModelArgument)!, parse.GetValue(TextOption)!, parse.GetValue(TextPairOption),
                taskOptions.Read(parse), parse.GetValue(InitSeedOption), parse.GetValue(TopOption), device.Read(parse)),
            parse.GetValue(JsonOption))));
        return command;
    }

    public static int Run(TextPredictionSettings settings, bool json)
    {
        var outcome = ProgressBar.Show(bar => TextPredictionRun.Execute(settings, download: bar?.Downloads), autoClear: true);
        if (json)
        {
            foreach (var note in outcome.Notes)
                Console.Error.WriteLine("note: " + note);
            Console.Out.WriteLine(JsonSerializer.Serialize(outcome, JsonOptions));
            return CommandAction.Success;
        }
        foreach (var note in outcome.Notes)
            AnsiConsole.MarkupLineInterpolated($"[yellow]note: {note}[/]");
        if (outcome.Scores is { } labels)
            RenderLabels(outcome, labels);
        else
            RenderNextTokens(outcome.NextTokens!);
        return CommandAction.Success;
    }

    private static void RenderLabels(TextPredictionOutcome outcome, LabelScores scores)
    {
        var decoder = scores.Labels[0].TokenId is not null;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("label");
        if (decoder) table.AddColumn("word").AddColumn(new TableColumn("token id").RightAligned());
        table.AddColumn(new TableColumn("logit").RightAligned()).AddColumn(new TableColumn("probability").RightAligned());
        if (decoder) table.AddColumn(new TableColumn("p(token | prompt)").RightAligned());
        for (var i = 0; i < scores.Labels.Count; i++)
        {
            var s = scores.Labels[i];
            var label = i == scores.Predicted ? $"[bold]{Markup.Escape(s.Label)}[/] ←" : Markup.Escape(s.Label);
            string[] cells = decoder
                ? [label, Markup.Escape($"\"{s.Word}\""), I(s.TokenId!.Value), F(s.Logit), F(s.Probability), F(s.VocabularyProbability!.Value)]
                : [label, F(s.Logit), F(s.Probability)];
            table.AddRow(cells);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(
            $"[grey]{outcome.Model} ({outcome.Family}){(outcome.Task is null ? "" : $", task {outcome.Task}")}: {scores.PromptTokens} prompt tokens{(scores.Truncated ? ", truncated" : "")}; probability = softmax over the labels[/]");
    }

    private static void RenderNextTokens(IReadOnlyList<TokenScore> tokens)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("most likely next tokens")
            .AddColumn(new TableColumn("rank").RightAligned()).AddColumn(new TableColumn("id").RightAligned()).AddColumn("token").AddColumn("text")
            .AddColumn(new TableColumn("logit").RightAligned()).AddColumn(new TableColumn("probability").RightAligned());
        for (var i = 0; i < tokens.Count; i++)
            table.AddRow(I(i + 1), I(tokens[i].Id), Markup.Escape(tokens[i].Token), Markup.Escape(JsonSerializer.Serialize(tokens[i].Text)), F(tokens[i].Logit), F(tokens[i].Probability));
        AnsiConsole.Write(table);
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
