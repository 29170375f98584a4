using System.Reflection;

namespace Ctsft.Runtime;

/// <summary>
/// Which libtorch this build references: <c>cpu</c> (default) or <c>cuda</c> (<c>dotnet build -p:TorchBackend=cuda</c>),
/// stamped into the assembly by the build.
/// </summary>
public static class TorchBackend
{
    public const string BuildCommand = "dotnet build -c Release -p:TorchBackend=cuda";

    public static string Current { get; } =
        typeof(TorchBackend).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    public static bool IsCuda => Current == "cuda";
}
