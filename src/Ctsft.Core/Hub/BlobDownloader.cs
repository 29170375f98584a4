using System.Net;
using System.Security.Cryptography;

namespace Ctsft.Hub;

/// <summary>
/// Fetches one file into <c>blobs/{etag}</c>: bytes go to <c>{etag}.incomplete</c>, a retry continues it with
/// a Range request (starting over when the server ignores the range), and only a file of the announced
/// size, and of the announced sha256 where the etag is one, is renamed into place.
/// </summary>
internal sealed class BlobDownloader(HubHttp http, HubOptions options)
{
    private const int BufferSize = 1 << 16;

    public async Task DownloadAsync(HubFileRequest request, HubFileMetadata metadata, string blobPath,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (File.Exists(blobPath))
        {
            if (new FileInfo(blobPath).Length == metadata.Size) return;
            File.Delete(blobPath);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        var incompletePath = blobPath + ".incomplete";
        await Retrying.RunAsync(options, request, async () =>
        {
            await TransferAsync(request, metadata, incompletePath, progress, cancellationToken);
            return true;
        }, cancellationToken);
        if (metadata.EtagIsSha256 && await Sha256HexAsync(incompletePath, cancellationToken) is var actual && actual != metadata.Etag)
        {
            File.Delete(incompletePath);
            throw new HubException($"Downloaded {request} has sha256 {actual}, but the hub announced {metadata.Etag}; " +
                                   "the copy was deleted, try again", request.Repo, request.File);
        }
        File.Move(incompletePath, blobPath, overwrite: true);
    }

    /// <summary>One attempt: continues the partial file, and throws a transient error unless it ends at the announced size.</summary>
    private async Task TransferAsync(HubFileRequest request, HubFileMetadata metadata, string incompletePath,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(incompletePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true);
        if (file.Length > metadata.Size) file.SetLength(0);
        var done = file.Length;
        if (done < metadata.Size)
        {
            using var response = await http.OpenAsync(request, metadata.DownloadUri, done, cancellationToken);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                file.SetLength(0);
                throw new TransientHubError($"the server refused to continue {request} at byte {done}; starting over");
            }
            if (done > 0 && !ContinuesAt(response, done))
            {
                file.SetLength(0);
                done = 0;
            }
            file.Position = done;
            progress?.Report(new DownloadProgress(request.File, done, metadata.Size));
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            done = await CopyAsync(body, file, done, request, metadata.Size, progress, cancellationToken);
        }
        if (done != metadata.Size)
            throw new TransientHubError($"the connection ended after {done} of {metadata.Size} bytes of {request}");
    }

    private static bool ContinuesAt(HttpResponseMessage response, long offset) =>
        response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset;

    private async Task<long> CopyAsync(Stream body, FileStream file, long done, HubFileRequest request, long size,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            silence.CancelAfter(options.ReadTimeout);
            int read;
            try
            {
                read = await body.ReadAsync(buffer, silence.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no data for {options.ReadTimeout.TotalSeconds:0.#} s after {done} bytes of {request}");
            }
            if (read == 0) return done;
            if (done + read > size)
            {
                file.SetLength(0);
                throw new TransientHubError($"the server sent more than the announced {size} bytes of {request}");
            }
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            done += read;
            progress?.Report(new DownloadProgress(request.File, done, size));
        }
    }

    private static async Task<string> Sha256HexAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
