using Ctsft.Models;

namespace Ctsft.Adapters;

/// <summary>An adapter chosen to match a circuit's budget: the spec, its trainable entries and the circuit's.</summary>
public sealed record BudgetMatch(AdapterSpec Spec, long AdapterTrainable, long CircuitTrainable, string Rule);

/// <summary>
/// Entries an adapter trains, from the model's shapes alone (a meta-device structure is enough): LoRA r × (in + out)
/// per adapted projection, IA3 out (or in, on the down projection) per projection; plus every norm with
/// <see cref="AdapterSpec.WithNorms"/>. And the rank (and projections) that come closest to a circuit's count.
/// </summary>
public static class AdapterBudget
{
    public const string MatchRule =
        "targets as given, else the first of q,k,v,o / q,v / v on which rank 1 does not exceed the circuit's count; " +
        "rank r >= 1 minimising |LoRA entries - circuit entries| (distinct trainable entries, both with every norm when the adapter trains norms; ties: the smaller r)";

    /// <summary>The adapter's own entries (no norms).</summary>
    public static long AdapterEntries(TransformerModel model, AdapterSpec spec)
    {
        var linears = ModelAdapters.Linears(model);
        long total = 0;
        for (var layer = 0; layer < model.Config.NumLayers; layer++)
        {
            var modules = model.Config.ProjectionModules(layer);
            foreach (var role in spec.Targets)
            {
                var shape = linears[modules[role]].weight!.shape;   // (out, in)
                total += spec.Kind == AdapterKind.Lora ? spec.Rank * (shape[0] + shape[1])
                    : AdapterSpec.IsFeedForward(role) ? shape[1] : shape[0];
            }
        }
        return total;
    }

    /// <summary>Every norm entry of the model.</summary>
    public static long NormEntries(TransformerModel model)
    {
        var parameters = model.Parameters();
        return model.Config.NormParameterNames().Sum(n => parameters[n].numel());
    }

    /// <summary>Entries a run of <paramref name="spec"/> trains (with its norms).</summary>
    public static long Trainable(TransformerModel model, AdapterSpec spec) =>
        AdapterEntries(model, spec) + (spec.WithNorms ? NormEntries(model) : 0);

    /// <summary>
    /// The LoRA spec closest to <paramref name="circuitTrainable"/> entries (<see cref="MatchRule"/>), keeping alpha
    /// (null: alpha = r), dropout and norms of <paramref name="template"/>; <paramref name="targetsGiven"/> false lets it
    /// choose the projections.
    /// </summary>
    public static BudgetMatch Match(TransformerModel model, AdapterSpec template, bool targetsGiven, long circuitTrainable)
    {
        if (template.Kind != AdapterKind.Lora) throw new ArgumentException("only a LoRA rank can be matched to a budget", nameof(template));
        IReadOnlyList<IReadOnlyList<ProjectionRole>> ladder = targetsGiven ? [template.Targets]
            : [[ProjectionRole.Q, ProjectionRole.K, ProjectionRole.V, ProjectionRole.O], [ProjectionRole.Q, ProjectionRole.V], [ProjectionRole.V]];
        var norms = template.WithNorms ? NormEntries(model) : 0;
        var targets = ladder.FirstOrDefault(t => norms + AdapterEntries(model, template with { Targets = t, Rank = 1 }) <= circuitTrainable) ?? ladder[^1];
        var perRank = AdapterEntries(model, template with { Targets = targets, Rank = 1 });
        var maxRank = MaxRank(model, targets);
        var estimate = (double)(circuitTrainable - norms) / perRank;
        var best = new[] { (int)Math.Floor(estimate), (int)Math.Ceiling(estimate) }
            .Select(r => Math.Clamp(r, 1, maxRank)).Distinct()
            .OrderBy(r => Math.Abs(norms + r * perRank - circuitTrainable)).ThenBy(r => r).First();
        var spec = template with { Targets = targets, Rank = best };
        return new BudgetMatch(spec, Trainable(model, spec), circuitTrainable, MatchRule);
    }

    /// <summary>
    /// The match against a head circuit: its count is the <c>heads</c> scope's distinct trainable entries (the heads'
    /// slices plus every norm, what the circuit arm trains).
    /// </summary>
    public static BudgetMatch MatchHeads(TransformerModel model, AdapterSpec template, bool targetsGiven, HeadSet circuit) =>
        Match(model, template, targetsGiven, Scopes.ScopeBudget.Of(model, Scopes.ParameterScope.OfHeads(circuit)).DistinctTrainable);

    /// <summary>The largest useful rank: min(in, out) of the smallest adapted projection.</summary>
    private static int MaxRank(TransformerModel model, IReadOnlyList<ProjectionRole> targets)
    {
        var linears = ModelAdapters.Linears(model);
        var modules = model.Config.ProjectionModules(0);
        return (int)targets.Min(t => linears[modules[t]].weight!.shape.Min());
    }
}
