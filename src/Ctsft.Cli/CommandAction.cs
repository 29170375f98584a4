using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>
/// Runs a command's domain method and turns failures into a message and an exit code: input the user
/// can fix (<see cref="BadInputException"/>, missing files) prints one clear line, never a stack trace; a setting
/// error names the setting by its flag (<see cref="SettingFlags"/>). <see cref="Cancellable"/> turns Ctrl+C into a
/// cancellation token.
/// </summary>
public static class CommandAction
{
    public const int Success = 0, Failure = 1;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (BadSettingException e)
        {
            WriteError(SettingFlags.Render(e));
            return BadInputException.ExitCode;
        }
        catch (BadInputException e)
        {
            WriteError(e.Message);
            return BadInputException.ExitCode;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            WriteError(e.Message);
            return BadInputException.ExitCode;
        }
        catch (OperationCanceledException)
        {
            WriteError("cancelled");
            return Failure;
        }
    }

    /// <summary>Runs <paramref name="action"/> with a token that Ctrl+C cancels (the process is not killed).</summary>
    public static T Cancellable<T>(Func<CancellationToken, T> action)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return action(cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static void WriteError(string message) =>
        Console.Error.WriteLine("error: " + message);
}
