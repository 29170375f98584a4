using Ctsft.Models;
using TorchSharp.Modules;

namespace Ctsft.Adapters;

/// <summary>
/// The adapters of one model: one <see cref="LinearAdapter"/> per adapted projection, attached through forward hooks
/// (the model's own weights stay bit-identical while attached) and merged into them on request.
/// </summary>
public sealed class ModelAdapters : IDisposable
{
    private ModelAdapters(AdapterKind kind, IReadOnlyList<LinearAdapter> layers)
    {
        Kind = kind;
        Layers = layers;
    }

    public AdapterKind Kind { get; }
    public IReadOnlyList<LinearAdapter> Layers { get; }

    /// <summary>Adapter entries (LoRA: r × (in + out) per projection; IA3: out, or in for a feed-forward module).</summary>
    public long Count => Layers.Sum(l => l.Count);

    /// <summary>A new adapter of <paramref name="spec"/> on every layer's target projections, initialised as PEFT does (LoRA's A from <paramref name="seed"/>).</summary>
    public static ModelAdapters Create(TransformerModel model, AdapterSpec spec, ulong seed)
    {
        spec.Validate(model.Config);
        var linears = Linears(model);
        var layers = new List<LinearAdapter>();
        for (var layer = 0; layer < model.Config.NumLayers; layer++)
        {
            var modules = model.Config.ProjectionModules(layer);
            foreach (var role in spec.Targets.OrderBy(r => r))
            {
                var module = modules[role];
                layers.Add(spec.Kind == AdapterKind.Lora
                    ? new LoraLinear(module, linears[module], spec.Rank, spec.Scaling, spec.Dropout, seed)
                    : new Ia3Linear(module, linears[module], AdapterSpec.IsFeedForward(role)));
            }
        }
        return new ModelAdapters(spec.Kind, layers);
    }

    /// <summary>Adapters on the given modules (read from a PEFT folder); <paramref name="feedForward"/> says which IA3 vectors scale the input.</summary>
    public static ModelAdapters Of(TransformerModel model, AdapterKind kind, IReadOnlyList<string> modules, int rank, double scaling, Func<string, bool> feedForward)
    {
        var linears = Linears(model);
        var layers = modules.Select(module => (LinearAdapter)(kind == AdapterKind.Lora
            ? new LoraLinear(module, linears[module], rank, scaling, 0, 0)
            : new Ia3Linear(module, linears[module], feedForward(module)))).ToArray();
        return new ModelAdapters(kind, layers);
    }

    /// <summary>Every linear module of the model by path (what PEFT's target_modules are matched against).</summary>
    public static IReadOnlyDictionary<string, Linear> Linears(TransformerModel model) =>
        model.named_modules().Where(m => m.module is Linear).ToDictionary(m => m.name, m => (Linear)m.module, StringComparer.Ordinal);

    /// <summary>Every adapter tensor by PEFT key.</summary>
    public IReadOnlyList<(string Key, TorchSharp.torch.Tensor Value)> Tensors => Layers.SelectMany(l => l.Tensors).ToArray();

    public void Attach()
    {
        foreach (var layer in Layers) layer.Attach();
    }

    public void Detach()
    {
        foreach (var layer in Layers) layer.Detach();
    }

    /// <summary>Writes every adapter into its projection's weights and detaches them.</summary>
    public void Merge()
    {
        foreach (var layer in Layers) layer.Merge();
    }

    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
    }
}
