using System.CommandLine;
using Ctsft.Hub;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft model get org/name[@revision]</c>: fills the cache and prints the snapshot folder.</summary>
public static class ModelGetCommand
{
    private static readonly Argument<string> Model = new("model")
    {
        Description = "Hub id org/name or org/name@revision (a folder or built-in model name is printed as resolved)",
    };

    public static Command Create()
    {
        var command = new Command("get",
            "Download a model from the Hugging Face hub into the cache (HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub) " +
            "and print its snapshot folder. Reads HF_ENDPOINT, HF_TOKEN and HF_HUB_OFFLINE.") { Model };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandAction.Run(() =>
            ProgressBar.Show(bar =>
                Get(parseResult.GetValue(Model)!, HubOptions.FromEnvironment(), Console.Out, bar?.Downloads, cancellationToken), bytes: true))));
        return command;
    }

    /// <summary>Resolves <paramref name="model"/> (downloading when needed) and writes its folder to <paramref name="output"/>.</summary>
    public static int Get(string model, HubOptions options, TextWriter output, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var folder = ModelSource.Resolve(model, options, progress, cancellationToken);
        output.WriteLine(folder);
        return CommandAction.Success;
    }
}
