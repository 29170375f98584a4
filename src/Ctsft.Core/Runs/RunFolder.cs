namespace Ctsft.Runs;

/// <summary>
/// The one folder policy of every run (train, eval, discover, patch apply): the run works in a hidden staging folder
/// beside its output (<c>.&lt;name&gt;.running</c>) and renames it into place only when complete, so a failed or
/// interrupted run never leaves a partial output. A folder that holds anything is refused unless forced, and a
/// forced run replaces it only when it publishes. A resumable run (training) finds its staging folder again;
/// for the others a staging folder left by a crash is refused unless forced.
/// </summary>
public sealed class RunFolder
{
    /// <summary>The manifests a run folder may hold, by which the refusal says what kind of run is there.</summary>
    private static readonly string[] KnownManifests = ["run.json", "manifest.json", "circuit.json"];

    public RunFolder(string output)
    {
        if (string.IsNullOrWhiteSpace(output)) throw new BadSettingException("out", "{out}: no output folder given");
        Output = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar);
        Staging = Path.Combine(Path.GetDirectoryName(Output)!, "." + Path.GetFileName(Output) + ".running");
    }

    public string Output { get; }
    public string Staging { get; }

    /// <summary>A path inside the staging folder (where the run writes).</summary>
    public string File(string name) => Path.Combine(Staging, name);

    /// <summary>Checks the folders before any work is written and creates (or, resuming, finds) the staging folder.</summary>
    public void Prepare(bool force, bool resume = false, bool resumable = false)
    {
        Check(force, resume, resumable);
        if (resume) return;
        if (Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
        Directory.CreateDirectory(Staging);
    }

    /// <summary>Refuses what <see cref="Prepare"/> would refuse, without touching anything (checked before long work).</summary>
    public void Check(bool force, bool resume = false, bool resumable = false)
    {
        if (System.IO.File.Exists(Output)) throw new BadSettingException("out", $"{{out}}: {Output} is a file, not a folder");
        if (resume && !resumable) throw new BadSettingException("resume", "{resume}: this kind of run cannot be resumed");
        if (Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any() && !force)
        {
            var manifest = KnownManifests.FirstOrDefault(m => System.IO.File.Exists(Path.Combine(Output, m)));
            throw new BadSettingException("out", manifest is null
                ? $"{{out}}: {Output} is not empty; choose another folder or set {{force}} to replace it"
                : $"{{out}}: {Output} already holds another run ({manifest}); choose another folder or set {{force}} to replace it");
        }
        if (resume)
        {
            if (!Directory.Exists(Staging))
                throw new BadSettingException("resume", $"{{resume}}: there is no interrupted run for {Output} (no {Staging})");
            return;
        }
        if (Directory.Exists(Staging) && !force)
            throw new BadSettingException("out", resumable
                ? $"{{out}}: an interrupted run of {Output} is in {Staging}; set {{resume}} to continue it or {{force}} to start over"
                : $"{{out}}: an unfinished run of {Output} is in {Staging} (interrupted, or still running); set {{force}} to start over");
    }

    /// <summary>Moves the finished staging folder into place; a folder already there (a forced run) is replaced only now.</summary>
    public void Publish() => AtomicFolder.Replace(Staging, Output);

    /// <summary>Removes the staging folder of a run that failed and cannot resume, so nothing half-written survives.</summary>
    public void Abandon()
    {
        if (Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
    }

    /// <summary>Runs <paramref name="write"/> in the staging folder and publishes it; on any failure the staging folder is removed.</summary>
    public T Run<T>(bool force, Func<RunFolder, T> write)
    {
        Prepare(force);
        try
        {
            var result = write(this);
            Publish();
            return result;
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    /// <summary><c>&lt;root&gt;/runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c> (UTC), with a counter if that exists.</summary>
    public static string Default(string root, string name, DateTimeOffset time)
    {
        var stem = Path.Combine(root, "runs", $"{name}-{time.UtcDateTime:yyyyMMdd-HHmmss}");
        var folder = stem;
        for (var i = 2; Directory.Exists(folder); i++) folder = $"{stem}-{i}";
        return folder;
    }
}
