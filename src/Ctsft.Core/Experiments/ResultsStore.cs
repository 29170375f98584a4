using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Ctsft.Experiments;

/// <summary>A grid cell's recorded outcome.</summary>
public sealed record CellRecord(string Cell, string Status, double? TargetAccuracy, double? ProxyAccuracy, string? Reason, string? ResultJson, int Attempts);

/// <summary>
/// An experiment's results folder: <c>experiment.json</c> (the spec it belongs to), <c>results.db</c> (SQLite: one row
/// per finished or failed cell, stage timings), <c>cache/</c> (published stage folders) and <c>locks/</c> (one lock
/// file per cell being computed). Every write is one SQLite transaction, so a kill leaves either the whole row or
/// none; a cell is claimed by holding its lock file, which the kernel releases when the process dies.
/// </summary>
public sealed class ResultsStore : IDisposable
{
    public const string SpecFile = "experiment.json", DatabaseFile = "results.db", CacheFolder = "cache", LocksFolder = "locks";
    public const string Done = "done", Failed = "failed", Pending = "pending", Running = "running";

    private readonly SqliteConnection _connection;

    private ResultsStore(string folder, JsonObject spec)
    {
        Folder = folder;
        Spec = spec;
        Cache = new StageCache(Path.Combine(folder, CacheFolder));
        var journal = NetworkFileSystem.Contains(folder) ? "DELETE" : "WAL";
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, DatabaseFile), Pooling = false, DefaultTimeout = 120,
        }.ToString());
        _connection.Open();
        Execute($"PRAGMA journal_mode={journal}; PRAGMA synchronous=FULL; PRAGMA busy_timeout=120000;");
        Execute("""
            CREATE TABLE IF NOT EXISTS results(
                cell TEXT PRIMARY KEY, target TEXT NOT NULL, n INTEGER NOT NULL, arm TEXT NOT NULL, depth INTEGER, seed TEXT NOT NULL,
                status TEXT NOT NULL, target_accuracy REAL, proxy_accuracy REAL, reason TEXT, result_json TEXT, finished_utc TEXT NOT NULL,
                attempts INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS stage_times(
                id INTEGER PRIMARY KEY AUTOINCREMENT, cell TEXT NOT NULL, stage TEXT NOT NULL, detail TEXT NOT NULL, started_utc TEXT NOT NULL,
                seconds REAL, cached INTEGER, process TEXT NOT NULL);
            """);
    }

    public string Folder { get; }

    /// <summary>The canonical spec this folder belongs to.</summary>
    public JsonObject Spec { get; }
    public StageCache Cache { get; }

    /// <summary>
    /// Opens (creating it if new) the results folder of <paramref name="spec"/>. A folder of the same grid, of a grid
    /// this one grows (its <c>experiment.json</c> is rewritten to this spec, the old hash kept in <c>grown_from</c>) or of
    /// a grid this one is a part of is opened; a folder of another experiment is refused (<see cref="SpecRelation"/>).
    /// </summary>
    public static ResultsStore Open(string folder, ExperimentSpec spec)
    {
        var full = Path.GetFullPath(folder);
        var canonical = new JsonObject { ["format"] = "ctsft-experiment/1", ["spec_hash"] = spec.Hash, ["spec"] = spec.Canonical() };
        var specPath = Path.Combine(full, SpecFile);
        if (File.Exists(full)) throw new BadSettingException("out", $"{{out}}: {full} is a file");
        if (!File.Exists(specPath) && Directory.Exists(full) && !Directory.Exists(Path.Combine(full, LocksFolder))
            && Directory.EnumerateFileSystemEntries(full).Any())
            throw new BadSettingException("out", $"{{out}}: {full} is not empty and holds no experiment ({SpecFile}); choose an empty or new folder");
        Directory.CreateDirectory(Path.Combine(full, LocksFolder));
        using (FileLock.Acquire(Path.Combine(full, LocksFolder, "store.lock")))
        {
            if (!File.Exists(specPath)) AtomicFile.WriteAllText(specPath, canonical.ToJsonString(TransferResult.Indented) + "\n");
            var stored = ReadSpecFile(specPath);
            switch (RelationTo(stored, spec, specPath).Kind)
            {
                case SpecRelationKind.Grows:
                    var history = stored["grown_from"]?.DeepClone() as JsonArray ?? [];
                    history.Add(stored["spec_hash"]?.DeepClone());
                    canonical["grown_from"] = history;
                    AtomicFile.WriteAllText(specPath, canonical.ToJsonString(TransferResult.Indented) + "\n");
                    return new ResultsStore(full, canonical);
                default:
                    return new ResultsStore(full, stored);
            }
        }
    }

    /// <summary>How <paramref name="spec"/> relates to the folder's spec; another experiment's folder is refused.</summary>
    public static SpecRelation RelationTo(JsonObject stored, ExperimentSpec spec, string specPath)
    {
        var relation = stored["spec"] is JsonObject storedSpec
            ? SpecRelation.Compare(storedSpec, spec.Canonical())
            : new SpecRelation(SpecRelationKind.Other, "it records no spec");
        if (relation.Kind == SpecRelationKind.Other)
            throw new BadSettingException("out",
                $"{{out}}: {Path.GetDirectoryName(specPath)} holds the results of another spec (spec hash {stored["spec_hash"]}, this spec {spec.Hash}: " +
                $"{relation.Difference}); use another {{out}}, or the spec that wrote it (its canonical form is in {specPath}). " +
                "A grid may grow (more targets, n, arms, depths or seeds with every other setting equal), not change");
        return relation;
    }

    /// <summary>Opens an existing results folder (status, reports) with the spec it records.</summary>
    public static ResultsStore OpenExisting(string folder)
    {
        var full = Path.GetFullPath(folder);
        var specPath = Path.Combine(full, SpecFile);
        if (!File.Exists(specPath)) throw new BadInputException($"{full}: not an experiment results folder (no {SpecFile})");
        var spec = ReadSpecFile(specPath);
        try { return new ResultsStore(full, spec); }
        catch (SqliteException e) { throw new BadInputException($"{Path.Combine(full, DatabaseFile)}: not a readable results database ({e.Message})"); }
    }

    public static JsonObject ReadSpecFile(string path)
    {
        try { return JsonNode.Parse(File.ReadAllText(path))!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        { throw new BadInputException($"{path}: not a valid experiment file ({e.Message})"); }
    }

    /// <summary>Claims a cell for this process (null: another process is computing it).</summary>
    public FileLock? TryClaim(GridCell cell) => FileLock.TryAcquire(LockPath(cell));

    /// <summary>Whether a process is computing the cell right now.</summary>
    public bool IsRunning(GridCell cell)
    {
        if (!File.Exists(LockPath(cell))) return false;
        using var probe = FileLock.TryAcquire(LockPath(cell));
        return probe is null;
    }

    private string LockPath(GridCell cell) => Path.Combine(Folder, LocksFolder, CacheKey.Of("cell", new JsonObject { ["cell"] = cell.Key }).Hash + ".lock");

    public CellRecord? Get(GridCell cell) => Query("WHERE cell = $cell", ("$cell", cell.Key)).FirstOrDefault();

    public IReadOnlyDictionary<string, CellRecord> All() => Query("").ToDictionary(r => r.Cell);

    public void RecordDone(GridCell cell, TransferResult result) =>
        Record(cell, Done, result.TargetAccuracy, result.ProxyAccuracy, null, result.Json.ToJsonString());

    public void RecordFailed(GridCell cell, string reason) => Record(cell, Failed, null, null, reason, null);

    private void Record(GridCell cell, string status, double? target, double? proxy, string? reason, string? json)
    {
        using var transaction = _connection.BeginTransaction();
        var row = new ResultRow(cell.Key, cell.Target, cell.N, cell.Arm.Name(), cell.Depth, cell.Seed.ToString(CultureInfo.InvariantCulture), status,
            target, proxy, reason, json, DateTime.UtcNow.ToString("O"), Attempts: 1, StageTimes: []);
        UpsertResult(transaction, row);
        transaction.Commit();
    }

    /// <summary>Records a row of <c>results</c>: a cell recorded before takes the new outcome and adds up the attempts, unless it is done.</summary>
    private void UpsertResult(SqliteTransaction transaction, ResultRow row)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO results(cell, target, n, arm, depth, seed, status, target_accuracy, proxy_accuracy, reason, result_json, finished_utc, attempts)
            VALUES($cell, $target, $n, $arm, $depth, $seed, $status, $ta, $pa, $reason, $json, $time, $attempts)
            ON CONFLICT(cell) DO UPDATE SET status = excluded.status, target_accuracy = excluded.target_accuracy,
                proxy_accuracy = excluded.proxy_accuracy, reason = excluded.reason, result_json = excluded.result_json,
                finished_utc = excluded.finished_utc, attempts = results.attempts + excluded.attempts
            WHERE results.status <> 'done';
            """;
        command.Parameters.AddWithValue("$cell", row.Cell);
        command.Parameters.AddWithValue("$target", row.Target);
        command.Parameters.AddWithValue("$n", row.N);
        command.Parameters.AddWithValue("$arm", row.Arm);
        command.Parameters.AddWithValue("$depth", (object?)row.Depth ?? DBNull.Value);
        command.Parameters.AddWithValue("$seed", row.Seed);
        command.Parameters.AddWithValue("$status", row.Status);
        command.Parameters.AddWithValue("$ta", (object?)row.TargetAccuracy ?? DBNull.Value);
        command.Parameters.AddWithValue("$pa", (object?)row.ProxyAccuracy ?? DBNull.Value);
        command.Parameters.AddWithValue("$reason", (object?)row.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$json", (object?)row.ResultJson ?? DBNull.Value);
        command.Parameters.AddWithValue("$time", row.FinishedUtc);
        command.Parameters.AddWithValue("$attempts", row.Attempts);
        command.ExecuteNonQuery();
    }

    public long StageStarted(GridCell cell, string stage, string detail)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO stage_times(cell, stage, detail, started_utc, process) VALUES($cell, $stage, $detail, $time, $process); SELECT last_insert_rowid();";
        command.Parameters.AddWithValue("$cell", cell.Key);
        command.Parameters.AddWithValue("$stage", stage);
        command.Parameters.AddWithValue("$detail", detail);
        command.Parameters.AddWithValue("$time", DateTime.UtcNow.ToString("O"));
        command.Parameters.AddWithValue("$process", $"{Environment.MachineName}:{Environment.ProcessId}");
        return (long)command.ExecuteScalar()!;
    }

    public void StageFinished(long id, double seconds, bool cached)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE stage_times SET seconds = $seconds, cached = $cached WHERE id = $id";
        command.Parameters.AddWithValue("$seconds", seconds);
        command.Parameters.AddWithValue("$cached", cached ? 1 : 0);
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    /// <summary>Seconds spent computing each stage so far (cache hits excluded), and how many times each was computed.</summary>
    public IReadOnlyDictionary<string, (double Seconds, int Count)> StageSeconds()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT stage, SUM(seconds), COUNT(*) FROM stage_times WHERE seconds IS NOT NULL AND cached = 0 GROUP BY stage";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, (double, int)>();
        while (reader.Read()) result[reader.GetString(0)] = (reader.GetDouble(1), reader.GetInt32(2));
        return result;
    }

    /// <summary>Every recorded row with its stage times, as <see cref="PortableResults"/> writes them (column names as keys).</summary>
    public IReadOnlyList<JsonObject> ExportRows()
    {
        var times = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT cell, stage, detail, started_utc, seconds, cached, process FROM stage_times ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!times.TryGetValue(reader.GetString(0), out var list)) times[reader.GetString(0)] = list = [];
                list.Add(new JsonObject
                {
                    ["stage"] = reader.GetString(1), ["detail"] = reader.GetString(2), ["started_utc"] = reader.GetString(3),
                    ["seconds"] = reader.IsDBNull(4) ? null : reader.GetDouble(4), ["cached"] = reader.IsDBNull(5) ? null : reader.GetInt32(5) != 0,
                    ["process"] = reader.GetString(6),
                });
            }
        }
        var rows = new List<JsonObject>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT cell, target, n, arm, depth, seed, status, target_accuracy, proxy_accuracy, reason, result_json, finished_utc, attempts FROM results";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(new JsonObject
                {
                    ["cell"] = reader.GetString(0), ["target"] = reader.GetString(1), ["n"] = reader.GetInt32(2), ["arm"] = reader.GetString(3),
                    ["depth"] = reader.IsDBNull(4) ? null : reader.GetInt32(4), ["seed"] = reader.GetString(5), ["status"] = reader.GetString(6),
                    ["target_accuracy"] = reader.IsDBNull(7) ? null : reader.GetDouble(7), ["proxy_accuracy"] = reader.IsDBNull(8) ? null : reader.GetDouble(8),
                    ["reason"] = reader.IsDBNull(9) ? null : reader.GetString(9),
                    ["result"] = reader.IsDBNull(10) ? null : JsonNode.Parse(reader.GetString(10)),
                    ["finished_utc"] = reader.GetString(11), ["attempts"] = reader.GetInt32(12),
                    ["stage_times"] = times.Remove(reader.GetString(0), out var list) ? list : new JsonArray(),
                });
        }
        return rows;
    }

    /// <summary>
    /// Records an exported row (<see cref="ExportRows"/>) with its stage times, unless this store has the cell done already or
    /// failed while the row failed too. Returns whether it was recorded.
    /// </summary>
    public bool ImportRow(ResultRow row)
    {
        var existing = Query("WHERE cell = $cell", ("$cell", row.Cell)).FirstOrDefault();
        if (existing?.Status == Done || (existing is not null && row.Status != Done)) return false;
        using var transaction = _connection.BeginTransaction();
        UpsertResult(transaction, row);
        foreach (var time in row.StageTimes)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO stage_times(cell, stage, detail, started_utc, seconds, cached, process) VALUES($cell, $stage, $detail, $time, $seconds, $cached, $process)";
            command.Parameters.AddWithValue("$cell", row.Cell);
            command.Parameters.AddWithValue("$stage", time.Stage);
            command.Parameters.AddWithValue("$detail", time.Detail);
            command.Parameters.AddWithValue("$time", time.StartedUtc);
            command.Parameters.AddWithValue("$seconds", (object?)time.Seconds ?? DBNull.Value);
            command.Parameters.AddWithValue("$cached", time.Cached is { } cached ? (cached ? 1 : 0) : DBNull.Value);
            command.Parameters.AddWithValue("$process", time.Process);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return true;
    }

    private List<CellRecord> Query(string where, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT cell, status, target_accuracy, proxy_accuracy, reason, result_json, attempts FROM results " + where;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var records = new List<CellRecord>();
        while (reader.Read())
            records.Add(new CellRecord(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6)));
        return records;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
