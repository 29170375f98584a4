namespace Ctsft;

/// <summary>
/// Input the user can fix: a file, row, tensor or option that is wrong. The message names it; the CLI
/// prints the message (no stack trace) and exits with <see cref="ExitCode"/>.
/// </summary>
public class BadInputException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const int ExitCode = 2;
}
