using System.Diagnostics;
using Ctsft.Runtime;

namespace Ctsft.Tests.Cli;

/// <summary>
/// The real program on the real MiniLM exits 0 after writing its outputs, every time, also while a build replaces the
/// libraries of its folder (the cause of a SIGSEGV at exit: see build/native/replace-file.sh).
/// </summary>
public class ExitCodeTests
{
    private static string[] EvalArguments(TempFolder temp, string run)
    {
        var data = temp.File("six.csv");
        if (!File.Exists(data))
            File.WriteAllLines(data, ["text,label", "makanannya enak sekali,positive", "pelayanannya buruk,negative", "biasa saja,neutral",
                "tempatnya nyaman dan bersih,positive", "harganya terlalu mahal,negative", "saya datang jam tujuh,neutral"]);
        return ["eval", "minilm", "--task", "custom", "--file", data, "--text-column", "text", "--label-column", "label",
            "--labels", "negative,neutral,positive", "--out", temp.File(run)];
    }

    [Fact]
    public void Repeated_evaluations_of_MiniLM_exit_0_every_time()
    {
        using var temp = new TempFolder();
        for (var run = 0; run < 3; run++)
        {
            var result = CtsftProcess.Run(EvalArguments(temp, $"run{run}"));
            Assert.True(result.ExitCode == 0, $"run {run} exited with {result.ExitCode}: {result.Error}");
            Assert.True(File.Exists(Path.Combine(temp.File($"run{run}"), "metrics.json")));
        }
    }

    [Fact]
    public void A_build_replacing_the_start_up_shim_while_ctsft_runs_leaves_the_exit_code_0()
    {
        var shim = Path.Combine(AppContext.BaseDirectory, TorchRuntime.ShimFileName);
        if (!File.Exists(shim)) return;   // this system's libstdc++ needs no shim, so nothing is replaced
        using var temp = new TempFolder();
        var app = temp.File("app");
        Directory.CreateDirectory(app);
        // The program's own files are copied (the host takes the app folder from them), the rest linked.
        foreach (var entry in Directory.EnumerateFileSystemEntries(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(entry);
            var target = Path.Combine(app, name);
            if (name.StartsWith("ctsft.", StringComparison.Ordinal) || name == TorchRuntime.ShimFileName) File.Copy(entry, target);
            else File.CreateSymbolicLink(target, entry);
        }
        var rebuilt = temp.File("rebuilt-shim.so");
        File.WriteAllBytes(rebuilt, [.. File.ReadAllBytes(shim), (byte)'\n']);   // a rebuild with other bytes
        var replaced = false;
        var result = CtsftProcess.Run(EvalArguments(temp, "run"), app, process =>
        {
            var maps = $"/proc/{process.Id}/maps";
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!process.HasExited && DateTime.UtcNow < deadline && !Mapped(maps, Path.Combine(app, TorchRuntime.ShimFileName)))
                Thread.Sleep(50);
            if (process.HasExited) return;
            var script = Path.Combine(SharedFolder.RepositoryRoot, "build", "native", "replace-file.sh");
            using var replace = Process.Start("bash", [script, rebuilt, Path.Combine(app, TorchRuntime.ShimFileName)])!;
            replace.WaitForExit();
            Assert.Equal(0, replace.ExitCode);
            replaced = true;
        });
        Assert.True(replaced, "ctsft ended before it had loaded the shim");
        Assert.True(result.ExitCode == 0, $"exited with {result.ExitCode} after the shim was replaced: {result.Error}");
        Assert.True(File.Exists(Path.Combine(temp.File("run"), "metrics.json")));
    }

    private static bool Mapped(string maps, string path)
    {
        try { return File.ReadLines(maps).Any(l => l.EndsWith(path, StringComparison.Ordinal)); }
        catch (IOException) { return false; }
    }
}
