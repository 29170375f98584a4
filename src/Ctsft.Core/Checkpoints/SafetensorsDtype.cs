using TorchSharp;

namespace Ctsft.Checkpoints;

/// <summary>The element types of a safetensors file that ctsft reads and writes.</summary>
public enum SafetensorsDtype
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    Bool,
}

/// <summary>Names, sizes and torch equivalents of <see cref="SafetensorsDtype"/>.</summary>
public static class SafetensorsDtypes
{
    public static IReadOnlyList<SafetensorsDtype> All { get; } = Enum.GetValues<SafetensorsDtype>();

    /// <summary>The spelling in a safetensors header: <c>F32</c>, <c>BF16</c>, <c>BOOL</c>, ...</summary>
    public static string HeaderName(this SafetensorsDtype dtype) =>
        dtype == SafetensorsDtype.Bool ? "BOOL" : dtype.ToString();

    public static bool TryParse(string headerName, out SafetensorsDtype dtype)
    {
        foreach (var candidate in All)
        {
            if (candidate.HeaderName() == headerName)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>Bytes per element.</summary>
    public static int Size(this SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.F64 or SafetensorsDtype.I64 => 8,
        SafetensorsDtype.F32 or SafetensorsDtype.I32 => 4,
        SafetensorsDtype.F16 or SafetensorsDtype.BF16 or SafetensorsDtype.I16 => 2,
        _ => 1,
    };

    public static bool IsFloating(this SafetensorsDtype dtype) =>
        dtype is SafetensorsDtype.F64 or SafetensorsDtype.F32 or SafetensorsDtype.F16 or SafetensorsDtype.BF16;

    /// <summary>The torch type of the same width and kind (float64 for F64, bfloat16 for BF16, ...).</summary>
    public static torch.ScalarType TorchType(this SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.F64 => torch.ScalarType.Float64,
        SafetensorsDtype.F32 => torch.ScalarType.Float32,
        SafetensorsDtype.F16 => torch.ScalarType.Float16,
        SafetensorsDtype.BF16 => torch.ScalarType.BFloat16,
        SafetensorsDtype.I64 => torch.ScalarType.Int64,
        SafetensorsDtype.I32 => torch.ScalarType.Int32,
        SafetensorsDtype.I16 => torch.ScalarType.Int16,
        SafetensorsDtype.I8 => torch.ScalarType.Int8,
        SafetensorsDtype.U8 => torch.ScalarType.Byte,
        SafetensorsDtype.Bool => torch.ScalarType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>The torch type a tensor of this dtype has after loading: float32 for every floating dtype.</summary>
    public static torch.ScalarType LoadedTorchType(this SafetensorsDtype dtype) =>
        dtype.IsFloating() ? torch.ScalarType.Float32 : dtype.TorchType();

    public static SafetensorsDtype FromTorch(torch.ScalarType type)
    {
        foreach (var dtype in All)
            if (dtype.TorchType() == type) return dtype;
        throw new ArgumentException($"torch type {type} has no safetensors dtype that ctsft writes", nameof(type));
    }

    /// <summary>
    /// Hugging Face's serializer places tensors by descending dtype rank (its enum order: wider types first,
    /// I64 before F64, BF16 before F16), then by name, which keeps every tensor aligned to its element size.
    /// </summary>
    internal static int HuggingFaceRank(this SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.Bool => 0,
        SafetensorsDtype.U8 => 1,
        SafetensorsDtype.I8 => 2,
        SafetensorsDtype.I16 => 5,
        SafetensorsDtype.F16 => 7,
        SafetensorsDtype.BF16 => 8,
        SafetensorsDtype.I32 => 9,
        SafetensorsDtype.F32 => 11,
        SafetensorsDtype.F64 => 12,
        SafetensorsDtype.I64 => 13,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };
}
