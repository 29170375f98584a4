using System.CommandLine;
using Ctsft.Adapters;
using Ctsft.Models;
using Ctsft.Scopes;

namespace Ctsft.Cli.Commands;

/// <summary>
/// The adapter scopes' options (<c>--scope lora|ia3</c>): <c>--lora-targets</c>, <c>--lora-rank</c>, <c>--lora-alpha</c>,
/// <c>--lora-dropout</c>, <c>--ia3-targets</c> and <c>--with-norms</c>, shared by <c>train</c> and <c>budget</c>.
/// </summary>
public sealed class AdapterOptions
{
    public Option<string?> LoraTargets { get; } = new("--lora-targets")
    {
        Description = "LoRA's projections, some of q,k,v,o,gate,up,down (BERT/XLM-R: query, key, value, attention.output.dense, intermediate.dense = up, output.dense = down; no gate). Default q,v; with --match-budget the match picks them",
    };
    public Option<int?> LoraRank { get; } = new("--lora-rank") { Description = "LoRA rank r (default 8; --match-budget picks it)" };
    public Option<double?> LoraAlpha { get; } = new("--lora-alpha") { Description = "LoRA alpha; the update is scaled by alpha / r (default: alpha = r)" };
    public Option<double> LoraDropout { get; } = new("--lora-dropout") { Description = "Dropout on LoRA's input while training (PEFT's lora_dropout)", DefaultValueFactory = _ => 0.0 };
    public Option<string?> Ia3Targets { get; } = new("--ia3-targets") { Description = "IA3's projections (default k,v,down: keys, values and the down projection's input, as PEFT)" };
    public Option<bool> WithNorms { get; } = new("--with-norms") { Description = "Train every norm beside the adapter (saved as PEFT's modules_to_save)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { LoraTargets, LoraRank, LoraAlpha, LoraDropout, Ia3Targets, WithNorms }) command.Options.Add(option);
    }

    /// <summary>Whether <c>--lora-targets</c> was given (a budget match chooses the projections otherwise).</summary>
    public bool TargetsGiven(ParseResult parse) => parse.GetValue(LoraTargets) is not null;

    /// <summary>The scope with the adapter options applied; an adapter option with another scope is refused.</summary>
    public ParameterScope Apply(ParameterScope scope, ParseResult parse)
    {
        var given = new[] { (LoraTargets.Name, parse.GetValue(LoraTargets) is not null), (LoraRank.Name, parse.GetValue(LoraRank) is not null),
            (LoraAlpha.Name, parse.GetValue(LoraAlpha) is not null), (LoraDropout.Name, parse.GetValue(LoraDropout) != 0),
            (Ia3Targets.Name, parse.GetValue(Ia3Targets) is not null), (WithNorms.Name, parse.GetValue(WithNorms)) };
        var allowed = scope.Kind switch
        {
            ScopeKind.Lora => [LoraTargets.Name, LoraRank.Name, LoraAlpha.Name, LoraDropout.Name, WithNorms.Name],
            ScopeKind.Ia3 => [Ia3Targets.Name, WithNorms.Name],
            _ => Array.Empty<string>(),
        };
        if (given.FirstOrDefault(g => g.Item2 && !allowed.Contains(g.Item1)) is { Item2: true } wrong)
            throw new BadInputException($"option {wrong.Item1} does not apply to --scope {scope.Name}");
        if (scope.Adapter is null) return scope;
        var spec = scope.Kind == ScopeKind.Lora
            ? AdapterSpec.Lora(Targets(parse.GetValue(LoraTargets), AdapterSpec.TargetsSetting), parse.GetValue(LoraRank) ?? 8,
                parse.GetValue(LoraAlpha), parse.GetValue(LoraDropout), parse.GetValue(WithNorms))
            : AdapterSpec.Ia3(Targets(parse.GetValue(Ia3Targets), AdapterSpec.Ia3TargetsSetting), parse.GetValue(WithNorms));
        spec.Validate();
        return ParameterScope.OfAdapter(spec);
    }

    private static IReadOnlyList<ProjectionRole>? Targets(string? text, string setting) => text is null ? null : ProjectionRoles.ParseList(text, setting);
}
