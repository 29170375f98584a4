using System.Diagnostics;

namespace Ctsft.Tests.Cli;

/// <summary>Runs the real <c>ctsft</c> program (built beside the tests) as a separate process.</summary>
public static class CtsftProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] arguments) => Run(arguments, null, null);

    /// <summary>
    /// Runs the program of <paramref name="appFolder"/> (default: the one beside the tests); <paramref name="whileRunning"/>
    /// is called with the started process before its output is awaited.
    /// </summary>
    public static Result Run(string[] arguments, string? appFolder, Action<Process>? whileRunning)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appFolder ?? AppContext.BaseDirectory, "ctsft.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["HF_HUB_OFFLINE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        whileRunning?.Invoke(process);
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ctsft {string.Join(' ', arguments)} did not finish");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
