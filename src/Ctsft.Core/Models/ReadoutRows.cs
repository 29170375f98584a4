using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Models;

/// <summary>
/// The readout-only last layer: a task reads one position per row (<see cref="ModelInput.ReadoutPositions"/>), so the
/// last layer computes queries, attention output, feed-forward and norms at that position only (keys and values still
/// from every position). In training, dropout draws its noise at the full forward's shape and keeps the readout rows,
/// so the random stream and the kept entries are the full forward's: the result equals the full forward's rows up to
/// float rounding.
/// </summary>
/// <param name="Positions">(batch,) int64: the position each row is read at.</param>
/// <param name="SequenceLength">The full sequence length (the shape dropout's noise is drawn at).</param>
public sealed record ReadoutRows(Tensor Positions, long SequenceLength)
{
    /// <summary>The readout rows of a forward over <paramref name="input"/>, or null for the full forward; hooks need every position.</summary>
    public static ReadoutRows? Of(ModelInput input, ForwardHooks? hooks)
    {
        if (input.ReadoutPositions is not { } positions) return null;
        if (hooks is not null)
            throw new ArgumentException("forward hooks see every position: run the full forward (no readout positions) with hooks", nameof(hooks));
        return new ReadoutRows(positions.to(input.InputIds.device), input.SequenceLength);
    }

    /// <summary>
    /// What a layer of a stack gets: the readout rows for the <paramref name="last"/> layer (positions from
    /// <paramref name="context"/>[<paramref name="index"/>], where a layer stack hands them), null for every other.
    /// </summary>
    public static ReadoutRows? AtLast<TLayer>(TLayer layer, TLayer last, ReadoutRows? readout, Tensor[] context, int index) where TLayer : class =>
        readout is not null && ReferenceEquals(layer, last) ? readout with { Positions = context[index] } : null;

    /// <summary>x (batch or 1, ..., seq along <paramref name="dim"/>, ...) -> the same with 1 along <paramref name="dim"/>: each row's readout entry.</summary>
    public Tensor Select(Tensor x, int dim = 1)
    {
        var batch = Positions.shape[0];
        var target = x.shape.ToArray();
        target[0] = batch;
        target[dim] = 1;
        var view = Enumerable.Repeat(1L, target.Length).ToArray();
        view[0] = batch;
        var source = x.shape[0] == batch ? x : x.expand(WithBatch(x.shape, batch));
        return source.gather(dim, Positions.view(view).expand(target));
    }

    /// <summary>Inverted dropout on readout rows (the readout axis is <paramref name="dim"/>), with the noise of the full shape's rows.</summary>
    public Tensor Dropout(Tensor rows, double p, bool training, int dim = 1)
    {
        if (!training || p == 0) return rows;
        var full = rows.shape.ToArray();
        full[dim] = SequenceLength;
        // libtorch's CPU dropout: noise = empty_like(x).bernoulli_(1 - p) / (1 - p); x * noise
        using var keep = (1 - p).ToScalar();
        using var noise = empty(full, dtype: rows.dtype, device: rows.device).bernoulli_(1 - p).div_(keep);
        return rows * Select(noise, dim);
    }

    /// <summary>
    /// Attention of the readout queries q (batch, heads, 1, d) over keys and values (batch, heads, seq, d); the mask
    /// (batch or 1, 1, seq or 1, seq) is the full forward's (true = may attend), its readout rows taken here.
    /// </summary>
    public Tensor Attention(Tensor q, Tensor k, Tensor v, Tensor mask, double dropout, bool training)
    {
        var queryMask = mask.shape[2] == 1 ? mask : Select(mask, 2);
        if (!training || dropout == 0) return F.scaled_dot_product_attention(q, k, v, queryMask);
        // scaled-dot-product attention's math path, written out so that its dropout draws the full (seq x seq) noise
        using var scale = (1.0 / Math.Sqrt(q.shape[^1])).ToScalar();
        using var minusInfinity = float.NegativeInfinity.ToScalar();
        var scores = q.matmul(k.transpose(-2, -1)).mul(scale);
        var probabilities = scores.masked_fill(queryMask.logical_not(), minusInfinity).softmax(-1);
        return Dropout(probabilities, dropout, training, dim: 2).matmul(v);
    }

    private static long[] WithBatch(long[] shape, long batch)
    {
        var result = shape.ToArray();
        result[0] = batch;
        return result;
    }
}
