namespace Ctsft.Data.Acquisition;

/// <summary>
/// A dataset folder checked against its manifest. Files already there are verified and kept; a file that
/// is there but differs is refused (it may be the user's own copy), never overwritten. New files are
/// verified before anything is written, then each is written under a temporary name and renamed.
/// </summary>
public sealed class VerifiedFolder(string folder, IReadOnlyList<ManifestEntry> manifest)
{
    public string Folder { get; } = folder;

    /// <summary>The manifest entries not yet present; throws if a present file does not match.</summary>
    public IReadOnlyList<ManifestEntry> Missing()
    {
        var missing = new List<ManifestEntry>();
        foreach (var entry in manifest)
        {
            var path = PathOf(entry);
            if (!File.Exists(path))
            {
                missing.Add(entry);
                continue;
            }
            var mismatch = entry.Mismatch(File.ReadAllBytes(path));
            if (mismatch is not null)
                throw new BadInputException(
                    $"{path}: already present but not the expected file ({mismatch}); move it away or choose another data folder");
        }
        return missing;
    }

    /// <summary>Verifies every file, then stores them all; on any mismatch nothing is kept.</summary>
    public void Store(IReadOnlyList<(ManifestEntry Entry, byte[] Bytes, string Origin)> files)
    {
        foreach (var (entry, bytes, origin) in files)
        {
            var mismatch = entry.Mismatch(bytes);
            if (mismatch is not null)
                throw new BadInputException($"{origin}: {entry.Path} failed verification ({mismatch}); the file was not kept");
        }
        foreach (var (entry, bytes, _) in files)
            WriteAtomically(PathOf(entry), bytes);
    }

    public string PathOf(ManifestEntry entry) => Path.Combine(Folder, entry.Path);

    private static void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
