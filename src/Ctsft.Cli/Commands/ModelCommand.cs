using System.CommandLine;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft model ...</c>: inspect and use models.</summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Inspect, fetch and run models (Hugging Face folders, hub ids, built-in names)");
        command.Subcommands.Add(ModelInfoCommand.Create());
        command.Subcommands.Add(ModelGetCommand.Create());
        command.Subcommands.Add(ModelPredictCommand.Create());
        return command;
    }
}
