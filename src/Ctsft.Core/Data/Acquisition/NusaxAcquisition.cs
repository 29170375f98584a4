namespace Ctsft.Data.Acquisition;

/// <summary>
/// Fetches NusaX-Senti from the IndoNLP/nusax repository at a pinned commit
/// (<c>datasets/sentiment/&lt;upstream language&gt;/&lt;split&gt;.csv</c>, <c>datasets/LICENSE</c>) into
/// <c>&lt;data dir&gt;/nusax-senti/&lt;ISO code&gt;/&lt;split&gt;.csv</c>, verified against <see cref="NusaxManifest"/>.
/// </summary>
public static class NusaxAcquisition
{
    public const string Commit = "75b0be5d982348332509f296e10d9bf9cb66d60f";

    /// <summary>Raw files of the repository at <see cref="Commit"/>; upstream paths are appended to it.</summary>
    public static readonly Uri DefaultSource = new($"https://raw.githubusercontent.com/IndoNLP/nusax/{Commit}/");

    public static string UpstreamPath(ManifestEntry entry)
    {
        if (entry.Path == "LICENSE")
            return "datasets/LICENSE";
        var language = entry.Path.Split('/')[0];
        return $"datasets/sentiment/{NusaxSenti.UpstreamFolders[language]}/{Path.GetFileName(entry.Path)}";
    }

    public static async Task<AcquisitionReport> GetAsync(string dataDir, Uri? source, HttpClient http,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        var baseUri = EnsureTrailingSlash(source ?? DefaultSource);
        var folder = new VerifiedFolder(Path.Combine(dataDir, NusaxSenti.Task.Folder), NusaxManifest.Files);
        var missing = folder.Missing();
        var present = NusaxManifest.Files.Except(missing).Select(e => e.Path).ToArray();
        var fetcher = new HttpFetcher(http);
        var fetched = new List<(ManifestEntry, byte[], string)>();
        foreach (var entry in missing)
        {
            var address = new Uri(baseUri, UpstreamPath(entry));
            log?.Invoke($"downloading {address}");
            fetched.Add((entry, await fetcher.GetBytesAsync(address, cancellation).ConfigureAwait(false), address.ToString()));
        }
        folder.Store(fetched);
        return new AcquisitionReport(folder.Folder, missing.Select(e => e.Path).ToArray(), present);
    }

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
