namespace Ctsft.Hub;

/// <summary>Finds a hub model's snapshot folder in the cache, downloading what is missing unless offline.</summary>
public static class HubModels
{
    /// <summary>
    /// The snapshot folder of <paramref name="repo"/>: straight from the cache, without a request, when a
    /// complete snapshot of the revision is there; otherwise downloaded (or, offline, an error).
    /// </summary>
    public static async Task<string> ResolveAsync(HubRepoId repo, HubOptions options,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var cache = new HubCache(options.CacheDir);
        if (options.Offline) return CachedSnapshot(cache, repo);
        if (cache.FindCommit(repo) is { } commit && CompleteSnapshot.IsIntact(cache, repo, commit))
            return cache.SnapshotFolder(repo, commit);
        using var http = new HubHttp(options);
        return await new ModelDownload(repo, cache, http, options, progress, cancellationToken).RunAsync();
    }

    /// <summary>The cached snapshot of the revision, for offline mode; a clear error when there is none.</summary>
    public static string CachedSnapshot(HubCache cache, HubRepoId repo)
    {
        var commit = cache.FindCommit(repo);
        var folder = commit is null ? null : cache.SnapshotFolder(repo, commit);
        if (folder is null || !Directory.Exists(folder))
            throw new HubException(
                $"Repository '{repo.Repo}' at revision '{repo.Revision}' is not in the cache at {cache.Root}, and offline mode is on " +
                $"(HF_HUB_OFFLINE); download it once while online (ctsft model get {repo}) or unset HF_HUB_OFFLINE", repo, null);
        if (CompleteSnapshot.IsRecorded(cache, repo, commit!) && !CompleteSnapshot.IsIntact(cache, repo, commit!))
            throw new HubException(
                $"The cached copy of repository '{repo.Repo}' at revision '{repo.Revision}' in {folder} is damaged (a file is missing " +
                "or has the wrong size), and offline mode is on (HF_HUB_OFFLINE); download it again while online", repo, null);
        if (!File.Exists(Path.Combine(folder, ModelFiles.Config)))
            throw new HubException(
                $"The cached copy of repository '{repo.Repo}' at revision '{repo.Revision}' in {folder} has no {ModelFiles.Config}, " +
                "and offline mode is on (HF_HUB_OFFLINE); download it again while online", repo, ModelFiles.Config);
        return folder;
    }
}
