using static TorchSharp.torch;

namespace Ctsft.Runtime;

/// <summary>
/// TorchSharp's default device (where a factory call without <c>device:</c> puts its tensor) is process state.
/// Library code never relies on it; the few places that build modules (whose parameters TorchSharp creates on
/// the default device) set it for the duration, under one lock, and restore what was there.
/// </summary>
public static class DefaultDevice
{
    private static readonly Lock Gate = new();

    /// <summary>Sets the default device until the result is disposed; the lock is held (re-entrantly) meanwhile.</summary>
    public static IDisposable Set(Device device)
    {
        Gate.Enter();
        var previous = get_default_device();
        set_default_device(device);
        return new Restore(previous);
    }

    private sealed class Restore(Device previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            set_default_device(previous);
            Gate.Exit();
        }
    }
}
