using System.Runtime.InteropServices;
using System.Text;

namespace Ctsft.Runtime;

/// <summary>
/// The name of a visible CUDA device (for manifests), read from the CUDA driver (<c>libcuda.so.1</c>), which
/// numbers devices as <c>CUDA_VISIBLE_DEVICES</c> leaves them, as libtorch does. Null when the driver is absent.
/// </summary>
public static class CudaDevices
{
    public static string? NameOf(int ordinal)
    {
        try
        {
            if (cuInit(0) != 0 || cuDeviceGet(out var device, ordinal) != 0) return null;
            var buffer = new byte[256];
            if (cuDeviceGetName(buffer, buffer.Length, device) != 0) return null;
            return Encoding.ASCII.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0) is var end and >= 0 ? end : buffer.Length);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libcuda.so.1")] private static extern int cuInit(uint flags);
    [DllImport("libcuda.so.1")] private static extern int cuDeviceGet(out int device, int ordinal);
    [DllImport("libcuda.so.1")] private static extern int cuDeviceGetName(byte[] name, int length, int device);
}
