namespace Ctsft.Hub;

/// <summary>
/// The cache laid out as huggingface_hub lays it out, so both tools share it:
/// <c>models--{org}--{name}/blobs/{etag}</c> holds file contents, <c>snapshots/{commit}/{file}</c> are
/// relative symlinks to them (copies where symlinks fail) and <c>refs/{revision}</c> holds a commit hash.
/// </summary>
public sealed class HubCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RepoFolder(HubRepoId repo) => Path.Combine(Root, repo.CacheFolderName);

    public string BlobPath(HubRepoId repo, string etag) => Path.Combine(RepoFolder(repo), "blobs", etag);

    public string SnapshotFolder(HubRepoId repo, string commit) => Path.Combine(RepoFolder(repo), "snapshots", commit);

    /// <summary>The commit the revision points to: the revision itself when it is a hash, else its ref, else null.</summary>
    public string? FindCommit(HubRepoId repo)
    {
        if (repo.RevisionIsCommit) return repo.Revision;
        var refPath = RefPath(repo);
        if (!File.Exists(refPath)) return null;
        var commit = File.ReadAllText(refPath).Trim();
        return HubFileMetadata.IsSafeSegment(commit) ? commit
            : throw new BadInputException($"Cache file {refPath} does not hold a commit hash: '{commit}'");
    }

    /// <summary>Records which commit the revision points to (nothing to record when it is a hash).</summary>
    public void WriteRef(HubRepoId repo, string commit)
    {
        if (repo.RevisionIsCommit) return;
        var refPath = RefPath(repo);
        if (File.Exists(refPath) && File.ReadAllText(refPath).Trim() == commit) return;
        CacheFiles.WriteAllText(refPath, commit);
    }

    /// <summary>Places <paramref name="snapshotFile"/> as a relative symlink to the blob, or a copy where that fails.</summary>
    public static void Link(string blobPath, string snapshotFile)
    {
        var directory = Path.GetDirectoryName(snapshotFile)!;
        Directory.CreateDirectory(directory);
        if (new FileInfo(snapshotFile).LinkTarget is { } target
            && Path.GetFullPath(target, directory) == Path.GetFullPath(blobPath)) return;
        var temporary = CacheFiles.TemporaryName(snapshotFile);
        try
        {
            File.CreateSymbolicLink(temporary, Path.GetRelativePath(directory, blobPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blobPath, temporary, overwrite: true);
        }
        File.Move(temporary, snapshotFile, overwrite: true);
    }

    private string RefPath(HubRepoId repo) =>
        SnapshotPath.Combine(Path.Combine(RepoFolder(repo), "refs"), repo.Revision, $"the revision of {repo}");
}
