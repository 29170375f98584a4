using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ctsft.Data;

namespace Ctsft.Experiments;

/// <summary>The dataset files a transfer reads, each identified by the SHA-256 of its bytes.</summary>
public static class DataFiles
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> Hashes = new();

    public static IReadOnlyList<string> Splits { get; } = ["train", "valid", "test"];

    /// <summary>The file of one split; a missing file is refused naming it and how to get it.</summary>
    public static string Path(string task, string dataDir, string language, string split)
    {
        var dataTask = DataTasks.Get(task);
        dataTask.RequireLanguage(language);
        if (!dataTask.Splits.Contains(split))
            throw new BadInputException($"{dataTask.Name} has no split '{split}'; it has: {string.Join(", ", dataTask.Splits)}");
        var path = dataTask.FilePath(dataDir, language, split);
        if (!File.Exists(path))
            throw new BadSettingException("data_dir",
                $"{path}: file not found; run `ctsft data get {dataTask.Key}` or point {{data_dir}} (or CTSFT_DATA) at a folder holding {dataTask.Folder}/");
        return path;
    }

    public static string Hash(string task, string dataDir, string language, string split) => FileHash(Path(task, dataDir, language, split));

    /// <summary>SHA-256 of a file's bytes (remembered while the file keeps its length and time).</summary>
    public static string FileHash(string path)
    {
        var info = new FileInfo(path);
        return Hashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ =>
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }

    /// <summary><c>{ language: { split: sha256 } }</c> for the given languages.</summary>
    public static JsonObject Describe(string task, string dataDir, IEnumerable<string> languages)
    {
        var result = new JsonObject();
        foreach (var language in languages.Distinct())
        {
            var splits = new JsonObject();
            foreach (var split in DataTasks.Get(task).Splits) splits[split] = Hash(task, dataDir, language, split);
            result[language] = splits;
        }
        return result;
    }
}
