using System.Text;
using System.Text.Json.Nodes;

namespace Ctsft.Experiments;

/// <summary>What <see cref="PortableResults.Export"/> wrote.</summary>
public sealed record ExportSummary(int Rows, int CacheEntries, long Bytes);

/// <summary>What <see cref="PortableResults.Import"/> added to a results folder.</summary>
public sealed record ImportSummary(int Rows, int Recorded, int Skipped, int CacheEntries);

/// <summary>
/// A results folder as text, to keep beside a paper or to carry to a machine without a shared file system:
/// <c>experiment.json</c>, <c>runs.jsonl</c> (one line per recorded cell with its result JSON and stage times, in grid order)
/// and the evaluation and discovery entries of <c>cache/</c> (predictions, metrics, circuits; no model weights). Importing it
/// into a results folder (new or of the same grid) records its cells there, so <c>ctsft report</c> reads them and
/// <c>ctsft experiment</c> runs only the cells still missing.
/// </summary>
public static class PortableResults
{
    public const string RunsFile = "runs.jsonl";

    /// <summary>The cache kinds a portable folder carries: small, and all a report reads besides the rows.</summary>
    public static readonly IReadOnlyList<string> CacheKinds = ["eval", "discovery"];

    public static ExportSummary Export(string storeFolder, string outFolder)
    {
        using var store = ResultsStore.OpenExisting(storeFolder);
        var output = Path.GetFullPath(outFolder);
        if (File.Exists(output)) throw new BadSettingException("out", $"{{out}}: {output} is a file, not a folder");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !File.Exists(Path.Combine(output, RunsFile)))
            throw new BadSettingException("out", $"{{out}}: {output} is not empty and holds no exported results ({RunsFile}); choose an empty or new folder");
        if (Path.GetFullPath(store.Folder) == output) throw new BadSettingException("out", $"{{out}}: {output} is the results folder itself");
        var order = GridOrder(store);
        var rows = store.ExportRows()
            .OrderBy(r => order.TryGetValue(r["cell"]!.GetValue<string>(), out var i) ? i : int.MaxValue)
            .ThenBy(r => r["cell"]!.GetValue<string>(), StringComparer.Ordinal).ToArray();
        var entries = 0;
        long bytes = 0;
        AtomicFolder.Write(output, staging =>
        {
            File.Copy(Path.Combine(store.Folder, ResultsStore.SpecFile), Path.Combine(staging, ResultsStore.SpecFile));
            var text = new StringBuilder();
            foreach (var row in rows) text.Append(row.ToJsonString()).Append('\n');
            File.WriteAllText(Path.Combine(staging, RunsFile), text.ToString());
            foreach (var entry in CacheEntries(store.Cache.Root))
            {
                var target = Path.Combine(staging, ResultsStore.CacheFolder, Path.GetRelativePath(store.Cache.Root, entry));
                bytes += CopyFolder(entry, target);
                entries++;
            }
            bytes += new FileInfo(Path.Combine(staging, RunsFile)).Length;
        });
        return new ExportSummary(rows.Length, entries, bytes);
    }

    public static ImportSummary Import(string portableFolder, string storeFolder)
    {
        var source = Path.GetFullPath(portableFolder);
        var runsPath = Path.Combine(source, RunsFile);
        if (!File.Exists(runsPath)) throw new BadInputException($"{source}: not an exported results folder (no {RunsFile}; write one with ctsft experiment export)");
        var specPath = Path.Combine(source, ResultsStore.SpecFile);
        if (!File.Exists(specPath)) throw new BadInputException($"{specPath}: file not found");
        var specJson = ResultsStore.ReadSpecFile(specPath)["spec"] as JsonObject ?? throw new BadInputException($"{specPath}: records no spec");
        var (spec, problems) = ExperimentSpecReader.Parse(specJson, StageExecutor.Default, checkEnvironment: false);
        if (spec is null) throw new BadInputException($"{specPath}: {string.Join("; ", problems)}");
        var rows = File.ReadLines(runsPath).Select((line, i) => (line, i)).Where(l => l.line.Trim().Length > 0)
            .Select(l => ResultRow.Parse(l.line, runsPath, l.i + 1)).ToArray();
        var duplicate = rows.GroupBy(r => r.Cell).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new BadInputException($"{runsPath}: cell {duplicate.Key} is recorded {duplicate.Count()} times");
        var entries = CacheEntries(Path.Combine(source, ResultsStore.CacheFolder)).Select(entry => (Folder: entry, Key: ReadKey(entry))).ToArray();

        using var store = OpenInto(storeFolder, spec);
        var added = entries.Count(entry => !store.Cache.GetOrCreate(entry.Key, folder => AtomicFolder.Write(folder, staging => CopyFolder(entry.Folder, staging))).Cached);
        var recorded = rows.Count(store.ImportRow);
        return new ImportSummary(rows.Length, recorded, rows.Length - recorded, added);
    }

    /// <summary>The results folder to import into, its errors naming the setting <c>into</c>.</summary>
    private static ResultsStore OpenInto(string folder, ExperimentSpec spec)
    {
        try { return ResultsStore.Open(folder, spec); }
        catch (BadSettingException e) when (e.Setting == "out") { throw new BadSettingException("into", e.Template.Replace("{out}", "{into}"), e); }
    }

    /// <summary>The published entries of the portable kinds (<c>cache/KIND/HASH</c>; staging folders and locks left out).</summary>
    private static IEnumerable<string> CacheEntries(string cacheRoot) =>
        CacheKinds.Select(kind => Path.Combine(cacheRoot, kind)).Where(Directory.Exists)
            .SelectMany(folder => Directory.GetDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal));

    /// <summary>
    /// An entry's key, read from its <c>cache-key.json</c>: it must name the folder it is in and hash to it, so an entry
    /// copied under another name can never stand in for a stage it is not.
    /// </summary>
    private static CacheKey ReadKey(string entry)
    {
        var keyFile = Path.Combine(entry, StageCache.KeyFile);
        if (!File.Exists(keyFile)) throw new BadInputException($"{entry}: a cache entry without its {StageCache.KeyFile}");
        JsonNode? key;
        try { key = JsonNode.Parse(File.ReadAllText(keyFile)); }
        catch (System.Text.Json.JsonException e) { throw new BadInputException($"{keyFile}: not valid JSON ({e.Message})"); }
        var (kind, hash) = (Path.GetFileName(Path.GetDirectoryName(entry)!), Path.GetFileName(entry));
        if (key?["kind"]?.ToString() != kind || key?["hash"]?.ToString() != hash)
            throw new BadInputException($"{keyFile}: records {key?["kind"]}/{key?["hash"]}, not the folder it is in ({kind}/{hash})");
        if (key["inputs"] is not JsonObject inputs) throw new BadInputException($"{keyFile}: records no inputs");
        var computed = CacheKey.Of(kind, inputs);
        if (computed.Hash != hash) throw new BadInputException($"{keyFile}: its inputs hash to {computed.Hash}, not {hash}");
        return computed;
    }

    /// <summary>Cell key to its place in the grid.</summary>
    private static Dictionary<string, int> GridOrder(ResultsStore store) =>
        ExperimentStatus.Read(store).Runs.Select((run, i) => (run.Cell.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);

    private static long CopyFolder(string from, string to)
    {
        long bytes = 0;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            bytes += new FileInfo(file).Length;
        }
        return bytes;
    }
}
