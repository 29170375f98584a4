using System.Globalization;
using Ctsft.Adapters;
using Ctsft.Models;

namespace Ctsft.Scopes;

/// <summary>
/// How many entries a scope trains (method.md section 6), counted two ways.
/// <list type="bullet">
/// <item>As the paper counts: each head 4 x d_model x d_head (its q, k, v and o slices, no biases) plus every
/// norm parameter, over a total that counts a tied output embedding as its own matrix.</item>
/// <item>Distinct entries: what actually trains (q/k/v biases included, key/value rows shared by the query heads
/// of one group under grouped-query attention counted once), over the model's distinct parameters.</item>
/// </list>
/// Full and norms scopes count the same both ways, except for the tied-embedding total. Adapter scopes (lora, ia3)
/// count the adapter's entries (plus every norm when they train norms) both ways, over totals that include the
/// adapter's entries, as PEFT's <c>print_trainable_parameters</c> counts them.
/// </summary>
public sealed record ScopeBudget(
    string Scope,
    int HeadCount,
    long PaperTrainable,
    long PaperTotal,
    long DistinctTrainable,
    long DistinctTotal)
{
    public double PaperPercent => 100.0 * PaperTrainable / PaperTotal;
    public double DistinctPercent => 100.0 * DistinctTrainable / DistinctTotal;

    /// <summary>Counts from the model's structure (a meta-device model from <see cref="ModelFactory.CreateStructure"/> is enough).</summary>
    public static ScopeBudget Of(TransformerModel model, ParameterScope scope)
    {
        var selection = scope.Select(model);
        var shapes = Shapes(model);
        var adapter = scope.Adapter is { } spec ? AdapterBudget.AdapterEntries(model, spec) : 0;
        var distinctTotal = shapes.Values.Sum(Count) + adapter;
        var paperTotal = distinctTotal + TiedOutputEmbedding(model);
        var distinct = selection.CountTrainable(shapes) + adapter;
        var norms = model.Config.NormParameterNames().Sum(n => Count(shapes[n]));
        var paper = scope.Kind switch
        {
            ScopeKind.Full => paperTotal,
            ScopeKind.Norms => norms,
            ScopeKind.Lora or ScopeKind.Ia3 => distinct,
            _ => norms + PaperHeadCharge(model.Config) * scope.Heads.Count,
        };
        return new ScopeBudget(scope.ToString(), scope.Heads.Count, paper, paperTotal, distinct, distinctTotal);
    }

    /// <summary>
    /// For a head count alone (<c>--n-heads K</c>): the paper's count does not depend on which heads, the distinct
    /// count does under grouped-query attention, so it is given for the heads packed into as few key/value groups
    /// as possible (<see cref="DistinctTrainable"/>) and spread over as many as possible (<paramref name="spreadDistinct"/>).
    /// </summary>
    public static (ScopeBudget Packed, long SpreadDistinct) OfHeadCount(TransformerModel model, int headCount)
    {
        var config = model.Config;
        if (headCount < 1 || headCount > config.TotalHeads)
            throw new BadSettingException("n_heads", $"{{n_heads}}: {headCount} is not possible; the model has {config.TotalHeads} heads");
        var packed = config.AllHeads()
            .OrderBy(h => h.Layer).ThenBy(h => config.KeyValueHeadOf(h.Head)).ThenBy(h => h.Head)
            .Take(headCount);
        var groupsPerLayer = config.NumKeyValueHeads;
        var spread = Enumerable.Range(0, config.KeyValueGroupSize)
            .SelectMany(member => Enumerable.Range(0, config.NumLayers * groupsPerLayer)
                .Select(g => new HeadRef(g / groupsPerLayer, (g % groupsPerLayer) * config.KeyValueGroupSize + member)))
            .Take(headCount);
        var packedBudget = Of(model, ParameterScope.OfHeads(new HeadSet(packed)));
        var spreadBudget = Of(model, ParameterScope.OfHeads(new HeadSet(spread)));
        return (packedBudget with { Scope = $"heads ({headCount})" }, spreadBudget.DistinctTrainable);
    }

    /// <summary>4 x d_model x d_head: a head's q, k, v and o slices as the paper charges them.</summary>
    public static long PaperHeadCharge(TransformerConfig config) => 4L * config.HiddenSize * config.HeadDim;

    /// <summary>PEFT's one-line report: distinct trainable entries over the model's distinct parameters.</summary>
    public string PeftLine() => string.Create(CultureInfo.InvariantCulture,
        $"trainable params: {DistinctTrainable:N0} || all params: {DistinctTotal:N0} || trainable%: {DistinctPercent:F4}");

    /// <summary>The paper's percentage, two decimals (0.23%, 0.44%, 0.66% for 6, 12, 18 heads of Qwen2.5-0.5B).</summary>
    public string PaperPercentText => string.Create(CultureInfo.InvariantCulture, $"{PaperPercent:F2}%");

    private static long TiedOutputEmbedding(TransformerModel model) =>
        model.Config.TiedOutputEmbedding ? (long)model.Config.VocabSize * model.Config.HiddenSize : 0;

    private static Dictionary<string, long[]> Shapes(TransformerModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape, StringComparer.Ordinal);

    private static long Count(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);
}
