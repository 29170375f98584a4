using Ctsft.Adapters;
using Ctsft.Models;
using Ctsft.Scopes;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>
/// A scope attached to a model for training: frozen parameters get <c>requires_grad = false</c>, and the
/// tensors the optimiser updates are listed in <see cref="Tensors"/>. Whole tensors (full scope, norms) train
/// in place. A head scope's slices train either through a <see cref="HeadSliceAdapter"/> (merged back by
/// <see cref="MergeInto"/>) or, with <see cref="GradientMasking.Gradient"/>, as every attention projection with
/// its frozen entries' gradients zeroed (<see cref="MaskGradients"/>) and only trainable entries optimised.
/// An adapter scope (lora, ia3) attaches new adapter tensors to the projections (<see cref="Adapters"/>, LoRA's A
/// drawn from <c>adapterSeed</c>); they train, the base stays frozen, and <see cref="MergeInto"/> merges them.
/// </summary>
public sealed class ScopeBinding : IDisposable
{
    private readonly TransformerModel _model;
    private readonly HeadSliceAdapter? _adapter;
    private readonly ModelAdapters? _adapters;
    private readonly List<(Tensor Gradient, Tensor Mask)> _masks = [];
    private readonly List<Tensor> _owned = [];

    public ScopeSelection Selection { get; }
    public GradientMasking Masking { get; }
    public IReadOnlyList<TrainableTensor> Tensors { get; }

    /// <summary>The attached adapters of an adapter scope (null otherwise), until <see cref="MergeInto"/>.</summary>
    public ModelAdapters? Adapters => _adapters;

    public ScopeBinding(TransformerModel model, ScopeSelection selection, GradientMasking masking, ulong adapterSeed = 0)
    {
        _model = model;
        Selection = selection;
        Masking = masking;
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
        foreach (var parameter in parameters.Values) parameter.requires_grad_(false);
        var tensors = selection.WholeTensors.Select(name => new TrainableTensor(name, parameters[name])).ToList();
        if (selection.Scope.Adapter is { } spec)
        {
            _adapters = ModelAdapters.Create(model, spec, adapterSeed);
            _adapters.Attach();
            tensors.AddRange(_adapters.Tensors.Select(t => new TrainableTensor(t.Key, t.Value)));
        }
        if (selection.Slices.Count > 0 && masking == GradientMasking.Slices)
        {
            _adapter = new HeadSliceAdapter(model, selection.Slices);
            model.SetProjectionAdapter(_adapter);
            tensors.AddRange(_adapter.Tensors);
        }
        else if (selection.Slices.Count > 0)
        {
            foreach (var name in AttentionProjectionNames(model))
            {
                var parameter = parameters[name];
                var mask = selection.Mask(name, parameter.shape, parameter.device).DetachFromDisposeScope();
                var entries = mask.flatten().nonzero().flatten().DetachFromDisposeScope();
                _owned.Add(mask);
                _owned.Add(entries);
                _masks.Add((parameter, mask));
                tensors.Add(new TrainableTensor(name, parameter, entries));
            }
        }
        foreach (var tensor in tensors) tensor.Value.requires_grad_(true);
        Tensors = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Whether the forward may compute the last layer at the readout positions only: not when a LoRA adapter draws
    /// its own dropout (its noise would be drawn at the readout rows' shape, not the full forward's).
    /// </summary>
    public bool AllowsReadoutOnly => _adapters?.Layers.OfType<LoraLinear>().All(l => l.Dropout == 0) ?? true;

    /// <summary>Distinct entries the optimiser updates.</summary>
    public long TrainableCount => Tensors.Sum(t => t.TrainableCount);

    /// <summary>Gradient masking only: zeroes the gradients of frozen entries (after backward).</summary>
    public void MaskGradients()
    {
        using var noGrad = no_grad();
        foreach (var (parameter, mask) in _masks)
            parameter.grad?.mul_(mask);
    }

    /// <summary>Clears every gradient to none (torch's <c>zero_grad(set_to_none=True)</c>): a tensor the next backward does not reach keeps no gradient, and AdamW skips it.</summary>
    public void ZeroGradients()
    {
        foreach (var tensor in Tensors)
            if (tensor.Value.grad is { } gradient)
            {
                tensor.Value.grad = null;
                gradient.Dispose();
            }
    }

    /// <summary>Writes the trained slices or adapters into the model (a no-op unless something trains beside the weights).</summary>
    public void MergeInto(TransformerModel model)
    {
        _adapter?.MergeInto(model);
        _adapters?.Merge();
    }

    /// <summary>Removes the adapter from the model; the model's own weights are then what a forward uses.</summary>
    public void Dispose()
    {
        if (_adapter is not null)
        {
            _model.SetProjectionAdapter(null);
            _adapter.Dispose();
        }
        _adapters?.Dispose();
        foreach (var tensor in _owned) tensor.Dispose();
    }

    /// <summary>Every weight and bias of every attention projection (the paper's masked matrices).</summary>
    private static IEnumerable<string> AttentionProjectionNames(TransformerModel model)
    {
        var present = model.named_parameters().Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        for (var layer = 0; layer < model.Config.NumLayers; layer++)
        {
            var names = model.Config.AttentionNames(layer);
            foreach (var module in new[] { names.Query, names.Key, names.Value, names.Output })
                foreach (var name in new[] { names.Weight(module), names.Bias(module) })
                    if (present.Contains(name)) yield return name;
        }
    }
}
