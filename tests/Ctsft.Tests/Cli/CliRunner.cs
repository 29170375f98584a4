using System.CommandLine;
using Ctsft.Cli.Commands;
using Spectre.Console;

namespace Ctsft.Tests.Cli;

/// <summary>Runs the ctsft command tree in process, capturing standard output (Spectre.Console's too) and error.</summary>
public static class CliRunner
{
    private static readonly Lock Gate = new();

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        lock (Gate)
        {
            var root = new RootCommand { ModelCommand.Create(), DataCommand.Create(), EvalCommand.Create(), TrainCommand.Create(), BudgetCommand.Create(), DiscoverCommand.Create(), PatchCommand.Create(), RunCommand.Create(), ExperimentCommand.Create(), ReportCommand.Create(), DemoCommand.Create() };
            var (originalOut, originalError) = (Console.Out, Console.Error);
            using var output = new StringWriter();
            using var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            // Spectre.Console keeps the writer it was created with: point it at the capture, then back.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            try
            {
                return (root.Parse(args).Invoke(), output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(originalOut);
                Console.SetError(originalError);
                AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(originalOut) });
            }
        }
    }
}
