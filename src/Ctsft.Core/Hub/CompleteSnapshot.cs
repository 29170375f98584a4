using System.Text.Json;

namespace Ctsft.Hub;

/// <summary>
/// A record, kept beside the huggingface_hub layout in <c>models--{org}--{name}/.ctsft/complete/{commit}.json</c>,
/// that every file of a snapshot was downloaded and checked, with each file's size. A later resolve
/// trusts the snapshot without asking the hub only while every file is still there at that size.
/// </summary>
internal static class CompleteSnapshot
{
    public static void Record(HubCache cache, HubRepoId repo, string commit, IReadOnlyDictionary<string, long> fileSizes) =>
        CacheFiles.WriteAllText(RecordPath(cache, repo, commit), JsonSerializer.Serialize(fileSizes));

    public static bool IsRecorded(HubCache cache, HubRepoId repo, string commit) => File.Exists(RecordPath(cache, repo, commit));

    /// <summary>True when the snapshot was recorded complete and every recorded file still has its size.</summary>
    public static bool IsIntact(HubCache cache, HubRepoId repo, string commit)
    {
        var recordPath = RecordPath(cache, repo, commit);
        if (!File.Exists(recordPath)) return false;
        Dictionary<string, long>? fileSizes;
        try
        {
            fileSizes = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(recordPath));
        }
        catch (JsonException)
        {
            return false;
        }
        var folder = cache.SnapshotFolder(repo, commit);
        return fileSizes is { Count: > 0 } && fileSizes.All(entry =>
            SnapshotPath.Problem(entry.Key) is null && SizeOf(Path.Combine(folder, entry.Key)) == entry.Value);
    }

    private static long? SizeOf(string snapshotFile)
    {
        var file = new FileInfo(snapshotFile);
        if (file.LinkTarget is not null)
            file = new FileInfo(Path.GetFullPath(file.LinkTarget, Path.GetDirectoryName(snapshotFile)!));
        return file.Exists ? file.Length : null;
    }

    private static string RecordPath(HubCache cache, HubRepoId repo, string commit) =>
        Path.Combine(cache.RepoFolder(repo), ".ctsft", "complete", commit + ".json");
}
