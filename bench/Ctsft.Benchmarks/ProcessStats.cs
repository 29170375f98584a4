using System.Globalization;

namespace Ctsft.Benchmarks;

/// <summary>What the benchmarks report of the process and the machine: resident memory and the load average.</summary>
public static class ProcessStats
{
    /// <summary>A memory field of /proc/self/status in MiB: <c>VmRSS</c> (now) or <c>VmHWM</c> (peak).</summary>
    public static double Mebibytes(string field)
    {
        if (!File.Exists("/proc/self/status")) return double.NaN;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? double.NaN
            : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public static double PeakMebibytes() => Mebibytes("VmHWM");

    /// <summary>The process's CPU time so far (user + system), in seconds: under load, a steadier measure than wall time at 1 thread.</summary>
    public static double CpuSeconds() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>The machine's available memory in MiB (<c>MemAvailable</c> of /proc/meminfo; infinity where unknown).</summary>
    public static double AvailableMebibytes()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal)) : null;
        return line is null ? double.PositiveInfinity
            : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The 1, 5 and 15 minute load averages (empty where the system has none).</summary>
    public static double[] LoadAverages() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray() : [];

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
