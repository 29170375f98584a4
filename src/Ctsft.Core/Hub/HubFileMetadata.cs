using System.Text.RegularExpressions;

namespace Ctsft.Hub;

/// <summary>
/// What the hub says about one file before it is downloaded: the commit the revision resolved to, the
/// file's etag (its blob name in the cache; the sha256 for LFS files), its size, and where to fetch it.
/// </summary>
public sealed partial record HubFileMetadata(string Commit, string Etag, long Size, Uri DownloadUri)
{
    /// <summary>True when the etag is the sha256 of an LFS file, so the content can be checked against it.</summary>
    public bool EtagIsSha256 => Sha256Hex().IsMatch(Etag);

    /// <summary>
    /// Reads the hub's headers: <c>X-Repo-Commit</c>; etag from <c>X-Linked-Etag</c> or <c>ETag</c> (quotes and
    /// weak prefix stripped); size from <c>X-Linked-Size</c> or <c>Content-Length</c>. Values that could not
    /// safely name a cache folder or file are refused.
    /// </summary>
    internal static HubFileMetadata FromResponse(HttpResponseMessage response, Uri downloadUri, HubRepoId repo, string file)
    {
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
        string Fail(string problem) =>
            throw new HubException($"The hub's answer for '{file}' in {repo.Repo} at revision '{repo.Revision}' {problem}; " +
                                   "is HF_ENDPOINT a Hugging Face hub?", repo, file);

        var commit = Header("X-Repo-Commit") ?? Fail("has no X-Repo-Commit header");
        var etag = NormalizeEtag(Header("X-Linked-Etag") ?? Header("ETag") ?? Fail("has no ETag header"));
        var sizeText = Header("X-Linked-Size") ?? response.Content.Headers.ContentLength?.ToString() ?? Fail("gives no size");
        if (!IsSafeSegment(commit)) Fail($"names commit '{commit}', which is not a plain name");
        if (!IsSafeSegment(etag)) Fail($"gives etag '{etag}', which is not a plain name");
        if (!long.TryParse(sizeText, out var size) || size < 0) Fail($"gives size '{sizeText}', which is not a byte count");
        return new HubFileMetadata(commit, etag, size, downloadUri);
    }

    /// <summary>True for names usable as one path segment: letters, digits, '.', '_', '-', not starting with '.'.</summary>
    internal static bool IsSafeSegment(string name) => SafeSegment().IsMatch(name);

    private static string NormalizeEtag(string etag) =>
        (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"');

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$")]
    private static partial Regex SafeSegment();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
