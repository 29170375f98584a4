namespace Ctsft.Hub;

/// <summary>
/// One download of a model repository: <c>config.json</c> at the wanted revision fixes the commit; the
/// tokenizer files that exist, then the safetensors weights (one file, or an index and every shard it
/// names) follow at that commit; the snapshot is recorded complete last.
/// </summary>
internal sealed class ModelDownload(HubRepoId repo, HubCache cache, HubHttp http, HubOptions options,
    IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
{
    private readonly BlobDownloader _blobs = new(http, options);
    private readonly Dictionary<string, long> _fileSizes = new(StringComparer.Ordinal);
    private string _commit = repo.Revision;

    public async Task<string> RunAsync()
    {
        var config = (await MetadataAsync(ModelFiles.Config, optional: false))!;
        _commit = config.Commit;
        cache.WriteRef(repo, _commit);
        await PlaceAsync(ModelFiles.Config, config);
        foreach (var file in ModelFiles.Optional)
            if (await MetadataAsync(file, optional: true) is { } metadata)
                await PlaceAsync(file, metadata);
        await PlaceWeightsAsync();
        CompleteSnapshot.Record(cache, repo, _commit, _fileSizes);
        return SnapshotFolder;
    }

    private string SnapshotFolder => cache.SnapshotFolder(repo, _commit);

    private async Task PlaceWeightsAsync()
    {
        if (await MetadataAsync(ModelFiles.Weights, optional: true) is { } weights)
        {
            await PlaceAsync(ModelFiles.Weights, weights);
            return;
        }
        var index = await MetadataAsync(ModelFiles.WeightsIndex, optional: true)
            ?? throw new HubException(
                $"Repository '{repo.Repo}' at revision '{repo.Revision}' has neither {ModelFiles.Weights} nor {ModelFiles.WeightsIndex}; " +
                "only safetensors weights are downloaded (pickled pytorch_model.bin files never are)", repo, ModelFiles.Weights);
        var indexPath = await PlaceAsync(ModelFiles.WeightsIndex, index);
        foreach (var shard in ModelFiles.ShardNames(indexPath, $"{ModelFiles.WeightsIndex} of repository '{repo.Repo}' at revision '{repo.Revision}'"))
            await PlaceAsync(shard, (await MetadataAsync(shard, optional: false))!);
    }

    private Task<HubFileMetadata?> MetadataAsync(string file, bool optional) =>
        http.GetMetadataAsync(new HubFileRequest(repo, _commit, file), optional, cancellationToken);

    /// <summary>Downloads the file's blob unless cached at the right size, and links it into the snapshot.</summary>
    private async Task<string> PlaceAsync(string file, HubFileMetadata metadata)
    {
        var snapshotFile = SnapshotPath.Combine(SnapshotFolder, file, $"repository '{repo.Repo}' at revision '{repo.Revision}'");
        var blobPath = cache.BlobPath(repo, metadata.Etag);
        await _blobs.DownloadAsync(new HubFileRequest(repo, _commit, file), metadata, blobPath, progress, cancellationToken);
        HubCache.Link(blobPath, snapshotFile);
        _fileSizes[file] = metadata.Size;
        return snapshotFile;
    }
}
