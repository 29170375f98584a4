using System.Runtime.InteropServices;

namespace Ctsft.Runtime;

/// <summary>
/// <c>--deterministic</c>: libtorch's deterministic-algorithms mode (an op with no deterministic implementation on
/// the device then fails naming itself instead of varying silently; cuDNN picks deterministic algorithms and does
/// not benchmark), and cuBLAS's fixed workspace (<c>CUBLAS_WORKSPACE_CONFIG=:4096:8</c>) that deterministic GEMMs on
/// CUDA need, set in the process's native environment before the first CUDA call creates a cuBLAS handle.
/// TorchSharp 0.107 declares <c>torch.use_deterministic_algorithms</c> but does not implement it, so this calls
/// libtorch's <c>at::Context</c> directly (libtorch_cpu.so is part of the CPU and the CUDA packages alike).
/// </summary>
public static class Determinism
{
    public const string CublasVariable = "CUBLAS_WORKSPACE_CONFIG", CublasSetting = ":4096:8";
    private const string LibTorch = "libtorch_cpu.so";

    public static void Enable()
    {
        if (Environment.GetEnvironmentVariable(CublasVariable) is null)
        {
            Environment.SetEnvironmentVariable(CublasVariable, CublasSetting);
            if (OperatingSystem.IsLinux()) setenv(CublasVariable, CublasSetting, 0);
        }
        var context = GlobalContext();
        SetDeterministicAlgorithms(context, true, false);
        SetDeterministicCudnn(context, true);
        SetBenchmarkCudnn(context, false);
    }

    /// <summary>Back to libtorch's defaults (the cuBLAS variable stays: it only matters before CUDA starts).</summary>
    public static void Disable()
    {
        var context = GlobalContext();
        SetDeterministicAlgorithms(context, false, false);
        SetDeterministicCudnn(context, false);
    }

    public static bool Enabled => DeterministicAlgorithms(GlobalContext());

    [DllImport("libc.so.6")] private static extern int setenv(string name, string value, int overwrite);

    [DllImport(LibTorch, EntryPoint = "_ZN2at13globalContextEv")] private static extern IntPtr GlobalContext();

    [DllImport(LibTorch, EntryPoint = "_ZN2at7Context26setDeterministicAlgorithmsEbb")]
    private static extern void SetDeterministicAlgorithms(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled, [MarshalAs(UnmanagedType.U1)] bool warnOnly);

    [DllImport(LibTorch, EntryPoint = "_ZNK2at7Context23deterministicAlgorithmsEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool DeterministicAlgorithms(IntPtr context);

    [DllImport(LibTorch, EntryPoint = "_ZN2at7Context21setDeterministicCuDNNEb")]
    private static extern void SetDeterministicCudnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(LibTorch, EntryPoint = "_ZN2at7Context17setBenchmarkCuDNNEb")]
    private static extern void SetBenchmarkCudnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
