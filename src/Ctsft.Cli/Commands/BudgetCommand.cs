using System.CommandLine;
using System.Globalization;
using Ctsft.Adapters;
using Ctsft.Hub;
using Ctsft.Models;
using Ctsft.Scopes;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft budget</c>: trainable entries of a scope, as the paper counts them and as distinct entries.</summary>
public static class BudgetCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "A config.json, a model folder, a built-in name (minilm) or a hub id" };
    private static readonly Option<string> Scope = new("--scope") { Description = "full, norms, heads, lora or ia3 (default: heads when --heads or --n-heads is given)" };
    private static readonly Option<string?> MatchBudget = new("--match-budget")
    {
        Description = "Scope lora: the rank (and, without --lora-targets, the projections) whose count is closest to this circuit's: DIR/circuit.json[:set]",
    };
    private static readonly Option<string?> Heads = new("--heads") { Description = "Heads, e.g. L3H7,4.2" };
    private static readonly Option<int?> HeadCount = new("--n-heads") { Description = "A number of heads (the paper's count needs no more)" };

    public static Command Create()
    {
        var command = new Command("budget", "Count the trainable entries of a scope (paper's count and distinct entries)") { Model, Scope, Heads, HeadCount, MatchBudget };
        var adapter = new AdapterOptions();
        adapter.AddTo(command);
        command.SetAction(parse => CommandAction.Run(() => Run(parse.GetValue(Model)!, parse.GetValue(Scope), parse.GetValue(Heads), parse.GetValue(HeadCount),
            s => adapter.Apply(s, parse), parse.GetValue(MatchBudget), adapter.TargetsGiven(parse))));
        return command;
    }

    public static int Run(string model, string? scope, string? heads, int? headCount, Func<ParameterScope, ParameterScope>? adapter = null,
        string? matchBudget = null, bool targetsGiven = false)
    {
        if (heads is not null && headCount is not null) throw new BadInputException("give --heads or --n-heads, not both");
        var config = ModelFactory.ReadConfig(ConfigPath(model));
        using var structure = ModelFactory.CreateStructure(config);
        ScopeBudget budget;
        string? note = null;
        if (headCount is { } k)
        {
            if (scope is not null && scope != "heads") throw new BadInputException($"option --n-heads needs --scope heads, not {scope}");
            (budget, var spread) = ScopeBudget.OfHeadCount(structure, k);
            note = string.Create(CultureInfo.InvariantCulture,
                $"distinct entries depend on which heads: {budget.DistinctTrainable:N0} with the heads packed into shared key/value groups, {spread:N0} spread over separate groups");
        }
        else
        {
            var parsed = ParameterScope.Parse(scope ?? (heads is null ? "full" : "heads"), heads);
            parsed = adapter?.Invoke(parsed) ?? parsed;
            if (matchBudget is not null)
            {
                if (parsed.Adapter is not { Kind: AdapterKind.Lora } template) throw new BadInputException("option --match-budget needs --scope lora");
                var circuit = Training.HeadsFrom.Load(matchBudget, Training.BudgetMatchRequest.Setting);
                circuit.Heads.Validate(config.NumLayers, config.NumAttentionHeads);
                var match = AdapterBudget.MatchHeads(structure, template, targetsGiven, circuit.Heads);
                parsed = ParameterScope.OfAdapter(match.Spec);
                note = string.Create(CultureInfo.InvariantCulture,
                    $"matched to {circuit.File}:{circuit.Set} ({circuit.Heads.Count} heads + norms: {match.CircuitTrainable:N0} entries): rank {match.Spec.Rank} on {ProjectionRoles.ListText(match.Spec.Targets)}, {match.AdapterTrainable:N0} entries; rule: {match.Rule}");
            }
            budget = ScopeBudget.Of(structure, parsed);
        }

        var table = new Table().AddColumns("count", "trainable", "total", "trainable %");
        table.AddRow(budget.Scope.StartsWith("lora", StringComparison.Ordinal) || budget.Scope.StartsWith("ia3", StringComparison.Ordinal)
                ? "paper (adapter entries, + norms when trained; tied output embedding counted)"
                : "paper (4 x d_model x d_head per head + norms; tied output embedding counted)", $"{budget.PaperTrainable:N0}", $"{budget.PaperTotal:N0}", budget.PaperPercentText);
        table.AddRow("distinct entries", $"{budget.DistinctTrainable:N0}", $"{budget.DistinctTotal:N0}",
            budget.DistinctPercent.ToString("F2", CultureInfo.InvariantCulture) + "%");
        AnsiConsole.MarkupLineInterpolated($"{config.Architecture}, scope {budget.Scope}");
        AnsiConsole.Write(table);
        if (note is not null) AnsiConsole.MarkupLineInterpolated($"[grey]{note}[/]");
        Console.Out.WriteLine(budget.PeftLine());
        return CommandAction.Success;
    }

    private static string ConfigPath(string model)
    {
        if (File.Exists(model)) return model;
        var folder = Directory.Exists(model) ? model : ModelSource.Resolve(model);
        return Path.Combine(folder, "config.json");
    }
}
