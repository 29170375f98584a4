using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Runtime;

/// <summary>
/// The one device a run works on (<c>--device auto|cpu|cuda|cuda:N</c>), resolved before anything is loaded or
/// written: <c>auto</c> is <c>cuda:0</c> when this build has CUDA and a usable GPU, else the CPU. Asking for CUDA
/// where it cannot work is bad input that says why (a CPU-only build, or no usable GPU) and how to get it.
/// The model loads on the CPU and moves to <see cref="Device"/> once; everything else follows the parameters.
/// </summary>
public sealed record DeviceSelection(string Requested, Device Device, string? GpuName, bool Deterministic)
{
    public const string Values = "auto, cpu, cuda or cuda:N";
    public const string Help = "Device to run on: auto (cuda:0 when a GPU is usable, else cpu), cpu, cuda or cuda:N";

    public static DeviceSelection Cpu { get; } = new("cpu", CPU, null, false);

    /// <summary>The device's name as recorded, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    public string Name => Device.type == DeviceType.CUDA ? $"cuda:{Math.Max(0, Device.index)}" : "cpu";

    public bool IsCuda => Device.type == DeviceType.CUDA;

    /// <summary>Parses and checks <paramref name="text"/>; with <paramref name="deterministic"/>, switches deterministic algorithms on.</summary>
    public static DeviceSelection Resolve(string? text, bool deterministic = false)
    {
        var requested = (text ?? "auto").Trim().ToLowerInvariant();
        var selection = requested switch
        {
            "cpu" => Cpu with { Requested = requested },
            "auto" => TorchBackend.IsCuda && CudaUsable() ? Cuda(requested, 0) : Cpu with { Requested = requested },
            "cuda" => Cuda(requested, 0),
            _ when requested.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(requested[5..], out var index) && index >= 0 => Cuda(requested, index),
            _ => throw new BadSettingException("device", $"{{device}}: '{text}' is not a device; use {Values}"),
        };
        selection = selection with { Deterministic = deterministic };
        if (deterministic) Determinism.Enable();
        return selection;
    }

    /// <summary>For a manifest: what was asked, what was used, the GPU's name, the build's libtorch, determinism.</summary>
    public JsonObject ToJson() => new()
    {
        ["requested"] = Requested,
        ["device"] = Name,
        ["gpu"] = GpuName,
        ["torch_backend"] = TorchBackend.Current,
        ["deterministic"] = Deterministic,
    };

    private static DeviceSelection Cuda(string requested, int index)
    {
        if (!TorchBackend.IsCuda)
            throw new BadSettingException("device",
                $"{{device}} {requested}: this ctsft is a CPU-only build (TorchBackend=cpu, libtorch-cpu-linux-x64), so it cannot use a GPU; " +
                $"build it for CUDA with `{TorchBackend.BuildCommand}` on a machine with an NVIDIA driver, or set {{device}} to cpu");
        if (!CudaUsable())
            throw new BadSettingException("device",
                $"{{device}} {requested}: this is a CUDA build but no usable GPU was found (no NVIDIA driver, no device, or CUDA_VISIBLE_DEVICES " +
                $"hides them: '{Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") ?? "unset"}'); set {{device}} to cpu or auto");
        var count = cuda.device_count();
        if (index >= count)
            throw new BadSettingException("device", $"{{device}} {requested}: only {count} GPU(s) are visible (cuda:0 to cuda:{count - 1})");
        var device = new Device(DeviceType.CUDA, index);
        try
        {
            using var probe = zeros(1, device: device);
        }
        catch (InvalidOperationException e)
        {
            throw new BadSettingException("device", $"{{device}} {requested}: this is a CUDA build but the GPU is not usable ({e.Message}); set {{device}} to cpu");
        }
        return new DeviceSelection(requested, device, CudaDevices.NameOf(index), false);
    }

    private static bool CudaUsable()
    {
        try { return cuda.is_available(); }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException) { return false; }
    }
}
