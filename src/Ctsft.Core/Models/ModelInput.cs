using Ctsft.Runtime;
using TorchSharp;

namespace Ctsft.Models;

/// <summary>
/// A right-padded batch: token ids and attention mask (1 = real token), both (batch, seq) int64; token
/// types for encoders (zeros when absent).
/// </summary>
public sealed record ModelInput(torch.Tensor InputIds, torch.Tensor AttentionMask, torch.Tensor? TokenTypeIds = null)
{
    public long BatchSize => InputIds.shape[0];
    public long SequenceLength => InputIds.shape[1];

    /// <summary>
    /// (batch,) int64, or null for the full forward: the one position per row a task reads. When set, the last layer
    /// computes only these positions (<see cref="ReadoutRows"/>) and the output's hidden states are (batch, 1, hidden).
    /// Not owned: the caller disposes it.
    /// </summary>
    public torch.Tensor? ReadoutPositions { get; init; }

    /// <summary>Position of the last real token of each row, (batch,) int64.</summary>
    public torch.Tensor LastRealPositions() => AttentionMask.sum(1).sub(HeldScalars.One);

    /// <summary>Collates rows on the host, right-padded, and moves them to <paramref name="device"/> (default: the CPU).</summary>
    public static ModelInput FromRows(IReadOnlyList<IReadOnlyList<long>> rows, long padTokenId, IReadOnlyList<IReadOnlyList<long>>? tokenTypes = null,
        torch.Device? device = null)
    {
        var length = rows.Max(r => r.Count);
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        var types = new long[rows.Count * length];
        for (var i = 0; i < rows.Count; i++)
            for (var j = 0; j < length; j++)
            {
                var real = j < rows[i].Count;
                ids[i * length + j] = real ? rows[i][j] : padTokenId;
                mask[i * length + j] = real ? 1 : 0;
                types[i * length + j] = real && tokenTypes is not null ? tokenTypes[i][j] : 0;
            }
        long[] shape = [rows.Count, length];
        var target = device ?? torch.CPU;
        return new ModelInput(OnDevice(ids), OnDevice(mask), OnDevice(types));

        torch.Tensor OnDevice(long[] values)
        {
            using var flat = torch.from_array(values);
            return HostTransfer.ToDevice(flat.reshape(shape), target);
        }
    }
}
