namespace Ctsft.Hub;

/// <summary>Writes cache files under a temporary name and renames them into place, so readers never see half a file.</summary>
internal static class CacheFiles
{
    public static string TemporaryName(string path) => $"{path}.{Guid.NewGuid():N}.tmp";

    public static void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, text);
    }
}
