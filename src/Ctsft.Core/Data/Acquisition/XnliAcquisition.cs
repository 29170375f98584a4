using System.IO.Compression;
using System.Text;

namespace Ctsft.Data.Acquisition;

/// <summary>
/// Fetches the official XNLI-1.0 zip, reads <c>xnli.dev.tsv</c> and <c>xnli.test.tsv</c> from it, converts
/// them to the per-language layout (<see cref="XnliOfficialLayout.ToPerLanguageFiles"/>) and keeps the
/// converted files once every one matches <see cref="XnliManifest"/>. The zip itself is not kept.
/// </summary>
public static class XnliAcquisition
{
    public static readonly Uri DefaultSource = new("https://dl.fbaipublicfiles.com/XNLI/XNLI-1.0.zip");

    public static readonly IReadOnlyList<string> Splits = ["dev", "test"];

    public static async Task<AcquisitionReport> GetAsync(string dataDir, Uri? source, HttpClient http,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        var address = source ?? DefaultSource;
        var folder = new VerifiedFolder(Path.Combine(dataDir, Xnli.Task.Folder), XnliManifest.Files);
        var missing = folder.Missing();
        var present = XnliManifest.Files.Except(missing).Select(e => e.Path).ToArray();
        if (missing.Count == 0)
            return new AcquisitionReport(folder.Folder, [], present);

        log?.Invoke($"downloading {address}");
        var zip = await new HttpFetcher(http).GetBytesAsync(address, cancellation).ConfigureAwait(false);
        log?.Invoke("converting to one folder per language");
        var converted = Convert(zip, address.ToString());
        var files = missing.Select(entry => (entry, Converted(converted, entry, address), address.ToString())).ToArray();
        folder.Store(files);
        return new AcquisitionReport(folder.Folder, missing.Select(e => e.Path).ToArray(), present);
    }

    /// <summary>The per-language files (path like <c>en/dev.tsv</c> to text) of an XNLI-1.0 zip.</summary>
    public static IReadOnlyDictionary<string, string> Convert(byte[] zipBytes, string origin)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException($"{origin}: not a zip archive: {e.Message}", e);
        }
        using (archive)
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var split in Splits)
            {
                var name = XnliOfficialLayout.FileName(split);
                var entry = archive.Entries.FirstOrDefault(e => e.Name == name)
                    ?? throw new BadInputException($"{origin}: the archive has no {name}");
                var text = StrictUtf8.Decode(ReadAll(entry), $"{origin}!{entry.FullName}");
                foreach (var (language, tsv) in XnliOfficialLayout.ToPerLanguageFiles(text, $"{origin}!{entry.FullName}"))
                    files[$"{language}/{split}.tsv"] = tsv;
            }
            return files;
        }
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Converted(IReadOnlyDictionary<string, string> converted, ManifestEntry entry, Uri address) =>
        converted.TryGetValue(entry.Path, out var text)
            ? Encoding.UTF8.GetBytes(text)
            : throw new BadInputException($"{address}: the archive has no rows for {entry.Path}");
}
