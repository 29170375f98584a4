using Spectre.Console;

namespace Ctsft.Cli;

/// <summary>
/// Runs a command's domain method and turns failures into a message and an exit code: input the user
/// can fix (<see cref="BadInputException"/>, missing files) prints one clear line, never a stack trace.
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

    public static void WriteError(string message) =>
        Console.Error.WriteLine("error: " + message);
}
