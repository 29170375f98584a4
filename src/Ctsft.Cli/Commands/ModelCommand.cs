using System.CommandLine;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft model ...</c>: inspect and use models.</summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Inspect and run models (Hugging Face folders)");
        command.Subcommands.Add(ModelGetCommand.Create());
        return command;
    }
}
