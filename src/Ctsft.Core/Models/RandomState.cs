using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>
/// The random state a checkpointed layer's forward ran with, so that its recomputation draws the same dropout masks.
/// On the CPU that is the default generator's state. TorchSharp cannot read an accelerator generator's state, so on
/// another device the layer's forward re-seeds that generator from a draw of the CPU generator, and the replay
/// re-seeds it alike: masks agree between forward and recomputation, and a seed still fixes the run, but the masks
/// differ from those of a pass without checkpointing.
/// </summary>
internal sealed class RandomState
{
    private readonly byte[] _cpu;
    private readonly long? _deviceSeed;

    private RandomState(byte[] cpu, long? deviceSeed) => (_cpu, _deviceSeed) = (cpu, deviceSeed);

    public static RandomState Capture(Device device)
    {
        long? deviceSeed = null;
        if (device.type != DeviceType.CPU)
        {
            using var draw = randint(long.MaxValue, [1], dtype: int64, device: CPU);
            deviceSeed = draw.item<long>();
            cuda.manual_seed(deviceSeed.Value);
        }
        return new RandomState(CpuState(), deviceSeed);
    }

    /// <summary>Sets the captured state until disposed, then restores the state it found.</summary>
    public IDisposable Replay()
    {
        var found = CpuState();
        SetCpuState(_cpu);
        if (_deviceSeed is { } seed) cuda.manual_seed(seed);
        return new Restore(found);
    }

    private static byte[] CpuState()
    {
        using var state = get_rng_state();
        return state.data<byte>().ToArray();
    }

    private static void SetCpuState(byte[] bytes)
    {
        using var state = tensor(bytes, dtype: uint8, device: CPU);
        set_rng_state(state);
    }

    private sealed class Restore(byte[] found) : IDisposable
    {
        public void Dispose() => SetCpuState(found);
    }
}
