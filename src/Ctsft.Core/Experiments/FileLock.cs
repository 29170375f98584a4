namespace Ctsft.Experiments;

/// <summary>
/// An exclusive lock held by an open file (.NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/> on
/// Linux), so it is released by the kernel when its process ends in any way, kill -9 included: a lock never
/// outlives a crash and needs no stale-lock clean-up.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null when another process (or another holder in this one) has it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits for the lock, polling; <paramref name="waiting"/> is called once if it has to wait.</summary>
    public static FileLock Acquire(string path, CancellationToken cancellation = default, Action? waiting = null)
    {
        var told = false;
        while (true)
        {
            if (TryAcquire(path) is { } held) return held;
            if (!told) { waiting?.Invoke(); told = true; }
            cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    public void Dispose() => _stream.Dispose();
}
