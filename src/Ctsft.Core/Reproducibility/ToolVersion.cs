using System.Reflection;

namespace Ctsft.Reproducibility;

/// <summary>
/// The library's version as built, and the git commit it was built from (assembly metadata <c>GitCommit</c>, set at
/// build time by <c>Directory.Build.targets</c> when the source is a git checkout; null otherwise), for run manifests.
/// </summary>
public static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The commit (40 hex digits, with <c>-dirty</c> when the checkout had uncommitted changes), or null.</summary>
    public static string? GitCommit { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "GitCommit")?.Value is { Length: > 0 } commit
            ? commit
            : null;
}
