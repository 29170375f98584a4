using System.CommandLine;
using Ctsft.Training;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft patch apply &lt;base&gt; &lt;patch&gt; --out DIR</c>: rebuild a fine-tuned model from its base and a circuit patch or a PEFT adapter.</summary>
public static class PatchCommand
{
    private static readonly Argument<string> Base = new("base") { Description = "The base model the patch was made from (folder, built-in name or hub id)" };
    private static readonly Argument<string> Patch = new("patch") { Description = "The patch folder (patch.safetensors + patch.json), or a PEFT LoRA / IA3 adapter folder (adapter_config.json + adapter_model.safetensors) to merge" };
    private static readonly Option<string> Out = new("--out") { Description = "Folder for the rebuilt model", Required = true };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace an existing output folder" };

    public static Command Create()
    {
        var apply = new Command("apply", "Apply a circuit patch (or merge a PEFT adapter) to its base model and save the fine-tuned model") { Base, Patch, Out, Force };
        apply.SetAction(parse => CommandAction.Run(() => Apply(parse.GetValue(Base)!, parse.GetValue(Patch)!, parse.GetValue(Out)!, parse.GetValue(Force))));
        var command = new Command("patch", "Circuit patches (the trained slices and norms of a head-scoped run) and PEFT adapters");
        command.Subcommands.Add(apply);
        return command;
    }

    public static int Apply(string baseModel, string patch, string output, bool force)
    {
        var result = PatchApplyRun.Execute(baseModel, patch, output, force);
        if (result.Adapter is { } adapter)
            AnsiConsole.MarkupLineInterpolated(
                $"merged a {adapter.Kind.ToString().ToUpperInvariant()} adapter ({adapter.Modules} modules, {adapter.AdapterEntries:N0} entries, {adapter.SavedModuleTensors.Count} saved module tensors) into {baseModel}: {result.Folder}");
        else if (result.Patch is { } manifest)
            AnsiConsole.MarkupLineInterpolated($"applied {manifest.Entries.Count} blocks ({manifest.Scope} {string.Join(",", manifest.Heads)}) to {baseModel}: {result.Folder}");
        return CommandAction.Success;
    }
}
