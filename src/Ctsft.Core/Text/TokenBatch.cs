namespace Ctsft.Text;

/// <summary>
/// A padded batch, ready for tensors: [rows, width] arrays of input ids, attention mask (1 real, 0 padding)
/// and token type ids, and the number of real tokens of each row.
/// </summary>
public sealed record TokenBatch(long[,] InputIds, long[,] AttentionMask, long[,] TokenTypeIds, int[] Lengths)
{
    public int Rows => InputIds.GetLength(0);
    public int Width => InputIds.GetLength(1);
}
