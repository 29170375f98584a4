namespace Ctsft;

/// <summary>
/// Writes a folder under a temporary name beside it, then renames it into place (replacing what was there), so a
/// failure never leaves half a folder under the real name. Run folders add their own policy on top (Runs.RunFolder).
/// </summary>
public static class AtomicFolder
{
    public static void Write(string folder, Action<string> write)
    {
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.writing-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            write(staging);
            Replace(staging, full);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>; an existing destination is moved aside first and removed after.</summary>
    public static void Replace(string source, string destination)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(source, destination);
            return;
        }
        var replaced = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.replaced-{Guid.NewGuid():N}");
        Directory.Move(destination, replaced);
        Directory.Move(source, destination);
        Directory.Delete(replaced, recursive: true);
    }
}
