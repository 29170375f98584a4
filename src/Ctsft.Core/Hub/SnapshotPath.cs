namespace Ctsft.Hub;

/// <summary>
/// Turns a file name taken from a repository (a fixed name, an index's shard name, a server header) into a
/// path inside a snapshot folder, refusing anything that could land elsewhere.
/// </summary>
public static class SnapshotPath
{
    /// <summary>
    /// The full path of <paramref name="name"/> inside <paramref name="folder"/>. Throws
    /// <see cref="BadInputException"/> naming the file and <paramref name="source"/> (where the name came
    /// from) for empty names, '..', backslashes, absolute paths, empty or '.' parts and anything resolving outside.
    /// </summary>
    public static string Combine(string folder, string name, string source)
    {
        var problem = Problem(name);
        if (problem is null)
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(Path.Combine(root, name));
            if (full.StartsWith(root, StringComparison.Ordinal)) return full;
            problem = "it resolves outside the snapshot folder";
        }
        throw new BadInputException($"Refusing file name '{name}' from {source}: {problem}");
    }

    /// <summary>Why <paramref name="name"/> is not a safe relative file name, or null when it is.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name.Contains('\\')) return "it contains a backslash";
        if (name.Contains(':')) return "it contains a ':'";
        if (name.Any(char.IsControl)) return "it contains a control character";
        if (name.StartsWith('/') || Path.IsPathRooted(name)) return "it is an absolute path";
        if (name.Contains("..")) return "it contains '..'";
        if (name.Split('/').Any(part => part is "" or ".")) return "it has an empty or '.' part";
        return null;
    }
}
