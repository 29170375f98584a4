namespace Ctsft.Checkpoints;

/// <summary>
/// One tensor entry of a safetensors header: its dtype as stored, its shape, and its byte range
/// [<see cref="Begin"/>, <see cref="End"/>) within the data section (after the header).
/// </summary>
public sealed record TensorInfo(string Name, SafetensorsDtype Dtype, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (product, size) => product * size);

    public long ByteCount => End - Begin;

    public string ShapeText => "[" + string.Join(",", Shape) + "]";
}
