namespace Ctsft.Training;

/// <summary>
/// Where a run writes: it works in a hidden staging folder beside <c>--out</c> (checkpoint, loss log) and
/// renames it to <c>--out</c> only when complete, so an interrupted or failed run leaves no partial output, and
/// <c>--resume</c> finds the staging folder again. An output folder that holds anything is never overwritten
/// without <c>--force</c>.
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string output)
    {
        Output = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar);
        Staging = Path.Combine(Path.GetDirectoryName(Output)!, "." + Path.GetFileName(Output) + ".running");
    }

    public string Output { get; }
    public string Staging { get; }

    public string Checkpoint => Path.Combine(Staging, "checkpoint");
    public string LossLog => Path.Combine(Staging, TrainingRun.LossLogFile);

    /// <summary>Checks the folders before any work and prepares the staging folder.</summary>
    public void Prepare(bool force, bool resume)
    {
        if (Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any() && !force)
            throw new BadInputException(
                File.Exists(Path.Combine(Output, TrainingRun.ManifestFile))
                    ? $"option --out: {Output} already holds another run; choose another folder or use --force to replace it"
                    : $"option --out: {Output} is not empty; choose another folder or use --force to replace it");
        if (File.Exists(Output)) throw new BadInputException($"option --out: {Output} is a file");
        if (resume)
        {
            if (!Directory.Exists(Staging))
                throw new BadInputException($"option --resume: there is no interrupted run for {Output} (no {Staging})");
            return;
        }
        if (Directory.Exists(Staging))
        {
            if (!force)
                throw new BadInputException(
                    $"option --out: an interrupted run of {Output} is in {Staging}; use --resume to continue it or --force to start over");
            Directory.Delete(Staging, recursive: true);
        }
        Directory.CreateDirectory(Staging);
    }

    /// <summary>Moves the finished staging folder into place (replacing <see cref="Output"/> when forced).</summary>
    public void Publish()
    {
        if (Directory.Exists(Output)) Directory.Delete(Output, recursive: true);
        Directory.Move(Staging, Output);
    }
}
