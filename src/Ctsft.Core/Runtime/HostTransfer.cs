using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Runtime;

/// <summary>
/// Moves a tensor built on the host (a collated batch) to the run's device: unchanged on the CPU; on CUDA copied
/// from pinned (page-locked) memory without blocking, so the copy overlaps the work already queued. Takes
/// ownership: the host tensor is disposed when a copy is made.
/// </summary>
public static class HostTransfer
{
    public static Tensor ToDevice(Tensor host, Device device)
    {
        if (host.device_type == device.type && (device.type == DeviceType.CPU || host.device_index == device.index)) return host;
        using (host)
        {
            if (device.type != DeviceType.CUDA) return host.to(device);
            using var pinned = host.pin_memory();
            return pinned.to(device, non_blocking: true);
        }
    }
}
