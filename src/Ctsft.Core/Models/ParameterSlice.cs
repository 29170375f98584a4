using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>Rows index dim 0 of a weight (out, in) or a bias; columns index dim 1 of a weight.</summary>
public enum SliceAxis { Rows, Columns }

/// <summary>A contiguous block of one checkpoint tensor: <c>Length</c> rows or columns from <c>Start</c>.</summary>
public sealed record ParameterSlice(string TensorName, SliceAxis Axis, int Start, int Length)
{
    public int Dimension => Axis == SliceAxis.Rows ? 0 : 1;

    /// <summary>A view of the slice in <paramref name="tensor"/> (shares storage).</summary>
    public Tensor Of(Tensor tensor) => tensor.narrow(Dimension, Start, Length);

    public long EntryCount(long[] tensorShape) =>
        tensorShape.Length == 1 ? Length : Length * tensorShape[1 - Dimension];

    public override string ToString() =>
        $"{TensorName}[{(Axis == SliceAxis.Rows ? "" : ":, ")}{Start}:{Start + Length}]";
}
