using System.Reflection;

namespace Ctsft.Reproducibility;

/// <summary>The library's version as built (informational version: <c>1.0.0+&lt;git commit&gt;</c>), for run manifests.</summary>
public static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
