using Ctsft.Runtime;
using Ctsft.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Scopes;

/// <summary>
/// A scope resolved against a model: tensors that train whole, and blocks (rows or columns) of tensors that
/// train while the rest of those tensors stays frozen. Every other tensor is frozen.
/// </summary>
public sealed class ScopeSelection(ParameterScope scope, IReadOnlyList<string> wholeTensors, IReadOnlyList<ParameterSlice> slices)
{
    public ParameterScope Scope { get; } = scope;
    public IReadOnlyList<string> WholeTensors { get; } = wholeTensors;
    public IReadOnlyList<ParameterSlice> Slices { get; } = slices;

    private readonly HashSet<string> _whole = wholeTensors.ToHashSet(StringComparer.Ordinal);

    public bool IsWhole(string tensorName) => _whole.Contains(tensorName);

    /// <summary>Tensors that hold some trainable entries only (the sliced ones), in name order.</summary>
    public IReadOnlyList<string> SlicedTensors => Slices.Select(s => s.TensorName).Distinct().Order(StringComparer.Ordinal).ToArray();

    public IEnumerable<ParameterSlice> SlicesOf(string tensorName) => Slices.Where(s => s.TensorName == tensorName);

    /// <summary>
    /// A float mask of the tensor's shape, 1 at trainable entries and 0 at frozen ones (all ones for a whole
    /// tensor, all zeros for a frozen one).
    /// </summary>
    public Tensor Mask(string tensorName, long[] shape, Device? device = null)
    {
        if (IsWhole(tensorName)) return ones(shape, device: device);
        var mask = zeros(shape, device: device);
        using var noGrad = no_grad();
        foreach (var slice in SlicesOf(tensorName))
            slice.Of(mask).fill_(HeldScalars.One);
        return mask;
    }

    /// <summary>Distinct trainable entries (shared key/value rows counted once).</summary>
    public long CountTrainable(IReadOnlyDictionary<string, long[]> shapes)
    {
        long count = WholeTensors.Sum(name => shapes[name].Aggregate(1L, (a, b) => a * b));
        return count + Slices.Sum(s => s.EntryCount(shapes[s.TensorName]));
    }
}
