namespace Ctsft.Evaluation;

/// <summary>
/// A run's output folder. A folder that already holds a run (its <c>manifest.json</c>, or any of the files
/// this run writes) is refused unless forced, so one run never silently overwrites another.
/// </summary>
public static class RunFolder
{
    public const string ManifestFileName = "manifest.json";

    /// <summary>The folder's full path, after checking that the run may write there (it is created when the run writes).</summary>
    public static string Check(string folder, IReadOnlyList<string> outputFiles, bool force)
    {
        var full = Path.GetFullPath(folder);
        if (System.IO.File.Exists(full)) throw new BadInputException($"{full}: --out names a file, not a folder");
        var existing = new[] { ManifestFileName }.Concat(outputFiles).Distinct()
            .Where(f => System.IO.File.Exists(Path.Combine(full, f))).ToArray();
        if (existing.Length > 0 && !force)
            throw new BadInputException(
                $"{full}: already holds a run ({string.Join(", ", existing)}); choose another --out or pass --force to overwrite it");
        return full;
    }

    /// <summary><c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c> (UTC) under <paramref name="root"/>, with a counter if that exists.</summary>
    public static string Default(string root, string name, DateTimeOffset time)
    {
        var stem = Path.Combine(root, "runs", $"{name}-{time.UtcDateTime:yyyyMMdd-HHmmss}");
        var folder = stem;
        for (var i = 2; Directory.Exists(folder); i++) folder = $"{stem}-{i}";
        return folder;
    }
}
