using System.Runtime.InteropServices;

namespace Ctsft.Runtime;

/// <summary>
/// glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), after which blocks of many
/// megabytes come from heap arenas and are kept there after libtorch frees them: a loop over large temporary
/// tensors (CD-T scoring) then grows the resident set by gigabytes and spends its time faulting in fresh pages.
/// A fixed threshold (which also turns the adjustment off) hands every block of at least 1 MiB back to the system
/// when freed. Does nothing off glibc, or when the user set <c>MALLOC_MMAP_THRESHOLD_</c>.
/// </summary>
public static class GlibcMalloc
{
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD in malloc.h
    public const int ThresholdBytes = 1 << 20;
    private static int _applied;

    /// <summary>Safe to call any number of times; returns whether the threshold is now fixed by this call or an earlier one.</summary>
    public static bool ReturnLargeBlocksToTheSystem()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null) return false;
        if (Interlocked.Exchange(ref _applied, 1) == 1) return true;
        try
        {
            return mallopt(MmapThreshold, ThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;  // not glibc (musl has no mallopt)
        }
    }

    /// <summary>Hands the free memory at the top of glibc's heaps back to the system (<c>malloc_trim(0)</c>); false off glibc.</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return malloc_trim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc.so.6")] private static extern int mallopt(int parameter, int value);
    [DllImport("libc.so.6")] private static extern int malloc_trim(nuint pad);
}
