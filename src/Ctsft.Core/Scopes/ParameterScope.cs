using Ctsft.Adapters;
using Ctsft.Models;

namespace Ctsft.Scopes;

/// <summary>
/// Which parameters train (method.md section 6), as PEFT's configs name target modules: <c>full</c>, <c>norms</c>
/// (every LayerNorm / RMSNorm weight and bias) or <c>heads</c> (the heads' slices plus every norm). How they train
/// is the trainer's business. A head's slices come only from <see cref="HeadParameterMap"/>. <c>lora</c> and <c>ia3</c>
/// train new tensors beside frozen projections (<see cref="Adapter"/>), and every norm with <see cref="AdapterSpec.WithNorms"/>.
/// </summary>
public sealed record ParameterScope(ScopeKind Kind, HeadSet Heads, AdapterSpec? Adapter = null)
{
    public static ParameterScope Full { get; } = new(ScopeKind.Full, HeadSet.Empty);
    public static ParameterScope Norms { get; } = new(ScopeKind.Norms, HeadSet.Empty);
    public static ParameterScope OfHeads(HeadSet heads) => new(ScopeKind.Heads, heads);
    public static ParameterScope OfAdapter(AdapterSpec adapter) =>
        new(adapter.Kind == AdapterKind.Lora ? ScopeKind.Lora : ScopeKind.Ia3, HeadSet.Empty, adapter);

    public string Name => Kind.ToString().ToLowerInvariant();

    public bool IsAdapter => Adapter is not null;

    /// <summary>From the command line: <c>--scope full|norms|heads</c> and, for heads, <c>--heads L.H,...</c>.</summary>
    public static ParameterScope Parse(string scope, string? heads)
    {
        var kind = scope.Trim().ToLowerInvariant() switch
        {
            "full" => ScopeKind.Full,
            "norms" => ScopeKind.Norms,
            "heads" => ScopeKind.Heads,
            "lora" => ScopeKind.Lora,
            "ia3" => ScopeKind.Ia3,
            _ => throw new BadSettingException("scope", $"{{scope}}: '{scope}' is not a scope; use full, norms, heads, lora or ia3"),
        };
        if (kind is ScopeKind.Lora or ScopeKind.Ia3)
        {
            if (!string.IsNullOrWhiteSpace(heads))
                throw new BadSettingException("heads", $"{{heads}}: heads are given but {{scope}} is {scope}; heads need scope heads");
            return OfAdapter(kind == ScopeKind.Lora ? AdapterSpec.Lora() : AdapterSpec.Ia3());
        }
        if (kind != ScopeKind.Heads)
        {
            if (!string.IsNullOrWhiteSpace(heads))
                throw new BadSettingException("heads", $"{{heads}}: heads are given but {{scope}} is {scope}; heads need scope heads");
            return kind == ScopeKind.Full ? Full : Norms;
        }
        var set = HeadSet.Parse(heads ?? "");
        if (set.Count == 0)
            throw new BadSettingException("heads", "{heads}: the head set is empty; scope heads needs at least one head, e.g. L3H7,4.2");
        return OfHeads(set);
    }

    /// <summary>Checks the heads against the model's shape; the message names the first head outside it.</summary>
    public void Validate(TransformerConfig config)
    {
        Adapter?.Validate(config);
        if (Kind != ScopeKind.Heads) return;
        if (Heads.Count == 0)
            throw new BadInputException("scope heads: the head set is empty; give at least one head");
        Heads.Validate(config.NumLayers, config.NumAttentionHeads);
    }

    /// <summary>The trainable entries of this scope in a model of <paramref name="config"/>'s shape.</summary>
    public ScopeSelection Select(TransformerModel model)
    {
        Validate(model.Config);
        var all = model.named_parameters().Select(p => p.name).ToArray();
        return Kind switch
        {
            ScopeKind.Full => new ScopeSelection(this, all, []),
            ScopeKind.Norms => new ScopeSelection(this, NormNames(model), []),
            ScopeKind.Lora or ScopeKind.Ia3 => new ScopeSelection(this, Adapter!.WithNorms ? NormNames(model) : [], []),
            _ => new ScopeSelection(this, NormNames(model), model.HeadParameters.SlicesOf(Heads)),
        };
    }

    public override string ToString() => Kind == ScopeKind.Heads ? $"heads {Heads}" : Adapter?.ToString() ?? Name;

    private static string[] NormNames(TransformerModel model)
    {
        var present = model.named_parameters().Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        var norms = model.Config.NormParameterNames().ToArray();
        var missing = norms.FirstOrDefault(n => !present.Contains(n));
        if (missing is not null) throw new InvalidOperationException($"norm parameter '{missing}' is not in the model");
        return norms;
    }
}
