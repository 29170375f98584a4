using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>
/// Folders of finished stages under <c>&lt;root&gt;/&lt;kind&gt;/&lt;hash&gt;</c>, each published whole by a rename and
/// never changed after. A stage is produced under the entry's lock: a second process that needs the same entry at
/// the same time waits and then reads the published folder, so no one ever reads a half-written entry. What a killed
/// producer left (its staging folder) is continued or replaced by the next producer.
/// </summary>
public sealed class StageCache(string root)
{
    public const string KeyFile = "cache-key.json";

    public string Root { get; } = Path.GetFullPath(root);

    public string FolderOf(CacheKey key) => Path.Combine(Root, key.Kind, key.Hash);

    public bool Has(CacheKey key) => Directory.Exists(FolderOf(key));

    /// <summary>
    /// The entry's folder, produced first if absent. <paramref name="produce"/> receives the final folder and must
    /// create it by a rename (training does), or use <see cref="Publish"/>. Returns whether it was already there.
    /// </summary>
    public (string Folder, bool Cached) GetOrCreate(CacheKey key, Action<string> produce, CancellationToken cancellation = default,
        Action? waiting = null)
    {
        var folder = FolderOf(key);
        if (Directory.Exists(folder)) return (folder, true);
        using var held = FileLock.Acquire(Path.Combine(Root, key.Kind, "." + key.Hash + ".lock"), cancellation, waiting);
        if (Directory.Exists(folder)) return (folder, true);
        produce(folder);
        if (!Directory.Exists(folder)) throw new InvalidOperationException($"{key}: the stage did not publish {folder}");
        return (folder, false);
    }

    /// <summary>Writes a folder's content into a staging folder beside it, adds the key, and renames it into place.</summary>
    public static void Publish(string folder, CacheKey key, Action<string> write)
    {
        var staging = Path.Combine(Path.GetDirectoryName(folder)!, "." + Path.GetFileName(folder) + ".staging");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        write(staging);
        WriteKey(staging, key);
        Directory.Move(staging, folder);
    }

    /// <summary>Records the key's inputs in a folder (for a reader who wants to know what a hash stands for).</summary>
    public static void WriteKey(string folder, CacheKey key) =>
        AtomicFile.WriteAllText(Path.Combine(folder, KeyFile),
            new JsonObject { ["kind"] = key.Kind, ["hash"] = key.Hash, ["inputs"] = key.Inputs.DeepClone() }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}

/// <summary>Where <c>ctsft run</c> keeps its shared stages by default.</summary>
public static class DefaultStageCache
{
    /// <summary><c>CTSFT_HOME/cache</c>, else <c>~/.cache/ctsft/cache</c> (beside the built models).</summary>
    public static string Folder() => Path.Combine(Path.GetDirectoryName(Models.Embedded.EmbeddedModels.CacheRoot())!, "cache");
}
