using System.Buffers.Binary;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// Writes tensors as a safetensors file laid out like Hugging Face's serializer: tensors ordered by
/// descending dtype rank then name (plain name order when all share a dtype), data contiguous in that
/// order, header padded with spaces to a multiple of 8 bytes, <c>__metadata__</c> = <c>{"format":"pt"}</c>
/// plus any extra keys. Narrowing to F16/BF16 rounds to nearest, ties to even. The file is written under a
/// temporary name and renamed into place.
/// </summary>
public static class SafetensorsWriter
{
    public static IReadOnlyDictionary<string, string> DefaultMetadata { get; } =
        new Dictionary<string, string> { ["format"] = "pt" };

    public static void Write(
        string path,
        IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null,
        StoredDtypes? dtypes = null)
    {
        var layout = Layout(tensors, dtypes ?? StoredDtypes.Float32);
        var header = HeaderJson.Build(WithFormat(metadata), layout);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> headerLength = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(headerLength, (ulong)header.Length);
            stream.Write(headerLength);
            stream.Write(header);
            foreach (var entry in layout)
                WriteData(stream, tensors[entry.Name], entry.Dtype);
        });
    }

    /// <summary>Bytes the tensor occupies when stored as <paramref name="dtype"/>.</summary>
    public static long StoredByteCount(Tensor tensor, SafetensorsDtype dtype) => tensor.numel() * dtype.Size();

    internal static List<TensorInfo> Layout(IReadOnlyDictionary<string, Tensor> tensors, StoredDtypes dtypes)
    {
        var layout = new List<TensorInfo>(tensors.Count);
        long offset = 0;
        var ordered = tensors
            .Select(t => (Name: t.Key, Tensor: t.Value, Dtype: dtypes.For(t.Key, t.Value)))
            .OrderByDescending(t => t.Dtype.HuggingFaceRank())
            .ThenBy(t => t.Name, StringComparer.Ordinal);
        foreach (var (name, tensor, dtype) in ordered)
        {
            if (name == SafetensorsHeader.MetadataKey)
                throw new ArgumentException($"'{SafetensorsHeader.MetadataKey}' is reserved and cannot name a tensor");
            var length = StoredByteCount(tensor, dtype);
            layout.Add(new TensorInfo(name, dtype, tensor.shape, offset, offset + length));
            offset += length;
        }
        return layout;
    }

    private static Dictionary<string, string> WithFormat(IReadOnlyDictionary<string, string>? extra)
    {
        var metadata = new Dictionary<string, string>(DefaultMetadata, StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            metadata[key] = value;
        return metadata;
    }

    private static void WriteData(Stream stream, Tensor tensor, SafetensorsDtype dtype)
    {
        using var scope = torch.NewDisposeScope();
        var stored = tensor.detach().cpu().to_type(dtype.TorchType()).contiguous();
        TensorMemory.WriteTo(stored, stream);
    }
}
