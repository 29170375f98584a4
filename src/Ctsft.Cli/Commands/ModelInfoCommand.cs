using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ctsft.Models;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft model info &lt;model&gt;</c>: architecture, parameter counts and head layout.</summary>
public static class ModelInfoCommand
{
    private static readonly Argument<string> ModelArgument = new("model") { Description = "A model folder, a config.json, a hub id (org/name[@revision]) or a built-in name (minilm)" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print machine-readable JSON instead of a table" };

    public static Command Create()
    {
        var command = new Command("info", "Show a model's architecture, parameter counts and head layout") { ModelArgument, JsonOption };
        command.SetAction(parse => CommandAction.Run(() => Run(parse.GetValue(ModelArgument)!, parse.GetValue(JsonOption))));
        return command;
    }

    public static int Run(string model, bool json)
    {
        var summary = Describe(model);
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(summary, JsonOptions));
        else
            Render(summary);
        return CommandAction.Success;
    }

    public static ModelSummary Describe(string model)
    {
        var configPath = File.Exists(model) ? model : Path.Combine(Hub.ModelSource.Resolve(model), "config.json");
        var config = ModelFactory.ReadConfig(configPath);
        using var structure = ModelFactory.CreateStructure(config);
        return ModelSummary.Of(structure);
    }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static void Render(ModelSummary s)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("property").AddColumn("value");
        void Row(string name, object value) => table.AddRow(name, Markup.Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        Row("architecture", s.Architecture);
        Row("family", s.Family.ToString().ToLowerInvariant());
        Row("layers", s.Layers);
        Row("hidden size", s.HiddenSize);
        Row("attention heads", $"{s.AttentionHeads} per layer, {s.TotalHeads} in all, head size {s.HeadDim}");
        Row("key/value heads", s.KeyValueHeads == s.AttentionHeads ? $"{s.KeyValueHeads} (multi-head)" : $"{s.KeyValueHeads} (grouped-query, {s.AttentionHeads / s.KeyValueHeads} query heads each)");
        Row("intermediate size", s.IntermediateSize);
        Row("vocabulary", s.VocabSize);
        Row("parameters", $"{s.Parameters:N0}{(s.TiedEmbeddings ? " (output embedding tied to the input embedding)" : "")}");
        Row("non-embedding parameters", $"{s.NonEmbeddingParameters:N0}");
        if (s.Labels is not null) Row("labels", string.Join(", ", s.Labels));
        AnsiConsole.Write(table);

        var heads = new Table().Border(TableBorder.Rounded).Title("head layout (every layer)").AddColumn("key/value head").AddColumn("query heads");
        foreach (var group in s.KeyValueGroups)
            heads.AddRow(group.KeyValueHead.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(" ", group.QueryHeads.Select(h => $"H{h}")));
        AnsiConsole.Write(heads);
        AnsiConsole.MarkupLine($"Heads are named [bold]L<layer>H<head>[/], e.g. L0H0 .. L{s.Layers - 1}H{s.AttentionHeads - 1}.");
    }
}
