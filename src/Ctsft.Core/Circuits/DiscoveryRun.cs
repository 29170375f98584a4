using Ctsft.Runs;

namespace Ctsft.Circuits;

/// <summary>What a published discovery run wrote: its folder, circuit.json, the heatmaps, and the result itself.</summary>
public sealed record DiscoveryRunResult(string Folder, string CircuitFile, IReadOnlyList<string> Heatmaps, DiscoveryResult Result);

/// <summary>
/// <c>ctsft discover</c> as a library run, like training and evaluation: the discovery (<see cref="CircuitDiscovery"/>),
/// then <c>circuit.json</c> and one heatmap per depth written into the run folder's staging folder, published when
/// complete (<see cref="RunFolder"/>: a folder holding another run is refused unless forced; a failed or cancelled
/// run leaves nothing).
/// </summary>
public static class DiscoveryRun
{
    public static DiscoveryRunResult Execute(DiscoverySettings settings, string output, bool force = false,
        IProgress<DiscoveryProgress>? progress = null, CancellationToken cancellation = default)
    {
        var folder = new RunFolder(output);
        folder.Check(force);
        var result = CircuitDiscovery.Run(settings, progress, cancellation);
        cancellation.ThrowIfCancellationRequested();
        return folder.Run(force, staging =>
        {
            progress?.Report(new("writing circuit.json and heatmaps"));
            var heatmaps = ScoreHeatmap.WriteAll(result, staging.Staging);
            CircuitReport.Write(result, staging.Staging, heatmaps.Select(Path.GetFileName).ToArray()!);
            return new DiscoveryRunResult(folder.Output, Path.Combine(folder.Output, CircuitReport.FileName),
                heatmaps.Select(h => Path.Combine(folder.Output, Path.GetFileName(h))).ToArray(), result);
        });
    }
}
