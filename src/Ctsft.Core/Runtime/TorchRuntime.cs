using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ctsft.Runtime;

/// <summary>
/// Prepares the process for TorchSharp. On systems whose libstdc++ lacks GLIBCXX_3.4.32 the build places
/// <c>libctsft_glibcxx_shim.so</c> beside the program (see build/native); it must be loaded globally
/// before libLibTorchSharp.so so that the one symbol of that version resolves. Elsewhere this does nothing.
/// </summary>
public static class TorchRuntime
{
    public const string ShimFileName = "libctsft_glibcxx_shim.so";
    private const int RtldNow = 0x2, RtldGlobal = 0x100;
    private static int _prepared;

#pragma warning disable CA2255 // a library initialiser is the point: it must run before any torch call
    [ModuleInitializer]
    internal static void PrepareOnLoad() => Prepare();
#pragma warning restore CA2255

    /// <summary>Loads the libstdc++ shim if the build left one; safe to call any number of times.</summary>
    public static void Prepare()
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 1 || !OperatingSystem.IsLinux()) return;
        var shim = Path.Combine(AppContext.BaseDirectory, ShimFileName);
        if (!File.Exists(shim)) return;
        if (dlopen(shim, RtldNow | RtldGlobal) == IntPtr.Zero)
            throw new DllNotFoundException($"Could not load {shim}: {Marshal.PtrToStringAnsi(dlerror())}");
    }

    [DllImport("libc.so.6")] private static extern IntPtr dlopen(string fileName, int flags);
    [DllImport("libc.so.6")] private static extern IntPtr dlerror();
}
