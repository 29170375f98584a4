using Ctsft.Runs;

namespace Ctsft.Reports;

/// <summary>The files a report wrote: its folder, report.md, report.json and the plots (file names inside the folder).</summary>
public sealed record ReportFiles(string Folder, string Markdown, string Json, IReadOnlyList<string> Plots);

/// <summary>
/// Writes a report folder whole (staged, then renamed into place, replacing an earlier report): <c>report.md</c>,
/// <c>report.json</c> and the PNGs.
/// </summary>
public static class ReportWriter
{
    public const string MarkdownFile = "report.md", JsonFile = "report.json", DefaultFolder = "report";

    /// <summary>The default output folder: <c>report/</c> inside the results folder.</summary>
    public static string DefaultOut(string resultsFolder) => Path.Combine(Path.GetFullPath(resultsFolder), DefaultFolder);

    public static ReportFiles Write(ExperimentReport report, string outFolder)
    {
        var full = Path.GetFullPath(outFolder);
        if (File.Exists(full)) throw new BadSettingException("out", $"{{out}}: {full} is a file, not a folder");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, JsonFile)))
            throw new BadSettingException("out", $"{{out}}: {full} is not empty and holds no report ({JsonFile}); choose an empty or new folder");
        IReadOnlyList<string> plots = [];
        AtomicFolder.Write(full, staging =>
        {
            plots = report.Options.Plots ? ReportPlots.WriteAll(report, staging) : [];
            AtomicFile.WriteAllText(Path.Combine(staging, MarkdownFile), MarkdownReport.Render(report, plots));
            var outputs = plots.Prepend(MarkdownFile).Append(JsonFile).ToArray();
            AtomicFile.WriteAllText(Path.Combine(staging, JsonFile), ReportJson.Build(report, outputs).ToJsonString(RunJson.Options) + "\n");
        });
        return new ReportFiles(full, Path.Combine(full, MarkdownFile), Path.Combine(full, JsonFile), plots);
    }
}
