using System.CommandLine;
using Ctsft.Training;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft patch apply &lt;base&gt; &lt;patch&gt; --out DIR</c>: rebuild a fine-tuned model from its base and a circuit patch.</summary>
public static class PatchCommand
{
    private static readonly Argument<string> Base = new("base") { Description = "The base model the patch was made from (folder, built-in name or hub id)" };
    private static readonly Argument<string> Patch = new("patch") { Description = "The patch folder (patch.safetensors + patch.json)" };
    private static readonly Option<string> Out = new("--out") { Description = "Folder for the rebuilt model", Required = true };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace an existing output folder" };

    public static Command Create()
    {
        var apply = new Command("apply", "Apply a circuit patch to its base model and save the fine-tuned model") { Base, Patch, Out, Force };
        apply.SetAction(parse => CommandAction.Run(() => Apply(parse.GetValue(Base)!, parse.GetValue(Patch)!, parse.GetValue(Out)!, parse.GetValue(Force))));
        var command = new Command("patch", "Circuit patches: the trained slices and norms of a head-scoped run");
        command.Subcommands.Add(apply);
        return command;
    }

    public static int Apply(string baseModel, string patch, string output, bool force)
    {
        var result = PatchApplyRun.Execute(baseModel, patch, output, force);
        var manifest = result.Patch;
        AnsiConsole.MarkupLineInterpolated($"applied {manifest.Entries.Count} blocks ({manifest.Scope} {string.Join(",", manifest.Heads)}) to {baseModel}: {result.Folder}");
        return CommandAction.Success;
    }
}
