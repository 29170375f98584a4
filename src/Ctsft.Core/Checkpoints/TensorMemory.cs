using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>Raw access to the elements of a contiguous CPU tensor (TorchSharp's <c>bytes</c> span stops at 2 GiB).</summary>
internal static unsafe class TensorMemory
{
    /// <summary>The address of the first element, or null for an empty tensor. Valid while the tensor lives.</summary>
    public static byte* Address(Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException("expected a contiguous CPU tensor", nameof(tensor));
        if (tensor.numel() == 0) return null;
        using var firstElement = tensor.reshape(-1).narrow(0, 0, 1);
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(firstElement.bytes));
    }

    public static long ByteCount(Tensor tensor) => tensor.numel() * tensor.element_size();

    /// <summary>Writes the raw bytes of a contiguous CPU tensor to <paramref name="stream"/>.</summary>
    public static void WriteTo(Tensor tensor, Stream stream)
    {
        const int chunkBytes = 1 << 30;
        var address = Address(tensor);
        var total = ByteCount(tensor);
        for (long offset = 0; offset < total; offset += chunkBytes)
            stream.Write(new ReadOnlySpan<byte>(address + offset, (int)Math.Min(chunkBytes, total - offset)));
    }
}
