using Ctsft.Runtime;
using Ctsft.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>
/// Trains a head scope's attention slices as their own small tensors beside the frozen weights (the efficient
/// path, like a PEFT adapter: the base layer is never mutated and merging is explicit). Each slice tensor
/// starts as an exact copy of its block of the frozen weight; a projection's output becomes
/// <c>base(x) + x · (slices − frozen blocks)ᵀ</c> written into the selected output rows (q, k, v), or
/// <c>base(z) + z[:, selected columns] · (slices − frozen blocks)ᵀ</c> (output projection). The frozen matrices
/// need no weight gradient; only the slices' gradients are computed.
/// </summary>
public sealed class HeadSliceAdapter : IProjectionAdapter, IDisposable
{
    private readonly Dictionary<(int Layer, AttentionProjection Projection), ProjectionSlices> _groups = [];

    public HeadSliceAdapter(TransformerModel model, IReadOnlyList<ParameterSlice> slices)
    {
        var parameters = model.Parameters();
        var owners = OwnerOf(model.Config);
        using var noGrad = no_grad();
        foreach (var slice in slices)
        {
            var (layer, projection, isBias) = owners[slice.TensorName];
            if (!_groups.TryGetValue((layer, projection), out var group))
                _groups[(layer, projection)] = group = new ProjectionSlices(projection == AttentionProjection.Output);
            var value = slice.Of(parameters[slice.TensorName]).detach().clone().requires_grad_(true).DetachFromDisposeScope();
            group.Add(slice, value, isBias);
        }
        foreach (var group in _groups.Values) group.Freeze();
        Tensors = _groups.Values.SelectMany(g => g.Trainable).OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The slice tensors, named by their slice (<c>...q_proj.weight[16:32]</c>).</summary>
    public IReadOnlyList<TrainableTensor> Tensors { get; }

    public Tensor Adapt(int layer, AttentionProjection projection, Tensor input, Tensor output) =>
        _groups.TryGetValue((layer, projection), out var group) ? group.Adapt(input, output) : output;

    /// <summary>Writes every slice's current value into the model's weights (the explicit merge).</summary>
    public void MergeInto(TransformerModel model)
    {
        var parameters = model.Parameters();
        using var noGrad = no_grad();
        foreach (var group in _groups.Values)
            foreach (var (slice, value) in group.Slices)
                slice.Of(parameters[slice.TensorName]).copy_(value);
    }

    public void Dispose()
    {
        foreach (var group in _groups.Values) group.Dispose();
    }

    private static Dictionary<string, (int, AttentionProjection, bool)> OwnerOf(TransformerConfig config)
    {
        var owners = new Dictionary<string, (int, AttentionProjection, bool)>(StringComparer.Ordinal);
        for (var layer = 0; layer < config.NumLayers; layer++)
        {
            var names = config.AttentionNames(layer);
            foreach (var (module, projection) in new[]
                     {
                         (names.Query, AttentionProjection.Query), (names.Key, AttentionProjection.Key),
                         (names.Value, AttentionProjection.Value), (names.Output, AttentionProjection.Output),
                     })
            {
                owners[names.Weight(module)] = (layer, projection, false);
                owners[names.Bias(module)] = (layer, projection, true);
            }
        }
        return owners;
    }

    /// <summary>The selected slices of one projection of one layer, concatenated along the sliced axis.</summary>
    private sealed class ProjectionSlices(bool columns) : IDisposable
    {
        private readonly List<(ParameterSlice Slice, Tensor Value)> _weights = [], _biases = [];
        private Tensor? _frozenWeight, _frozenBias, _index;

        public IEnumerable<(ParameterSlice Slice, Tensor Value)> Slices => _weights.Concat(_biases);

        public IEnumerable<TrainableTensor> Trainable => Slices.Select(s => new TrainableTensor(s.Slice.ToString(), s.Value));

        public void Add(ParameterSlice slice, Tensor value, bool isBias) => (isBias ? _biases : _weights).Add((slice, value));

        /// <summary>Sorts the slices, keeps a copy of the frozen blocks and the indices of the rows/columns they cover.</summary>
        public void Freeze()
        {
            _weights.Sort((a, b) => a.Slice.Start.CompareTo(b.Slice.Start));
            _biases.Sort((a, b) => a.Slice.Start.CompareTo(b.Slice.Start));
            var axis = columns ? 1 : 0;
            _frozenWeight = cat(_weights.Select(w => w.Value.detach()).ToArray(), axis).clone().DetachFromDisposeScope();
            if (_biases.Count > 0)
            {
                if (!_biases.Select(b => b.Slice.Start).SequenceEqual(_weights.Select(w => w.Slice.Start)))
                    throw new InvalidOperationException("bias slices must cover the same rows as the weight slices");
                _frozenBias = cat(_biases.Select(b => b.Value.detach()).ToArray(), 0).clone().DetachFromDisposeScope();
            }
            _index = cat(_weights.Select(w => HeldScalars.Range(w.Slice.Start, w.Slice.Start + w.Slice.Length, w.Value.device, int64)).ToArray(), 0).DetachFromDisposeScope();
        }

        public Tensor Adapt(Tensor input, Tensor output)
        {
            var last = output.dim() - 1;
            var weightDelta = cat(_weights.Select(w => w.Value).ToArray(), columns ? 1 : 0) - _frozenWeight!;
            if (columns)
                return output.PlusInPlace(input.index_select(last, _index!).matmul(weightDelta.t()));   // (B, S, hidden), in place as below
            var rows = input.matmul(weightDelta.t());                                          // (B, S, selected rows)
            if (_frozenBias is not null)
                rows = rows.Plus(cat(_biases.Select(b => b.Value).ToArray(), 0) - _frozenBias);
            return output.index_add_(last, _index!, rows, HeldScalars.One);   // in place: a projection's output is not saved for its backward
        }

        public void Dispose()
        {
            foreach (var (_, value) in Slices) value.Dispose();
            _frozenWeight?.Dispose();
            _frozenBias?.Dispose();
            _index?.Dispose();
        }
    }
}
