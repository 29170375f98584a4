using System.Text.Json.Nodes;
using Ctsft.Adapters;
using Ctsft.Checkpoints;
using Ctsft.Models;
using Ctsft.Runs;

namespace Ctsft.Training;

/// <summary>What <c>patch apply</c> rebuilt: the model folder, the patch's manifest (or the merged PEFT adapter), and the rebuilt weights' hash.</summary>
public sealed record PatchApplyResult(string Folder, PatchManifest? Patch, string ModelHash, PeftAdapterSummary? Adapter = null);

/// <summary>
/// <c>ctsft patch apply</c> as a library run: applies a circuit patch to its base model and saves the rebuilt model
/// (a Hugging Face folder) with a <c>manifest.json</c> in the run envelope, through the run-folder policy
/// (<see cref="RunFolder"/>: staged, published by rename, a folder holding anything refused unless forced). A PEFT adapter
/// folder (<c>adapter_config.json</c>) in place of a patch is merged into the base (W + (alpha / r) B A, or IA3's scaling).
/// </summary>
public static class PatchApplyRun
{
    public const string ManifestFile = "manifest.json", Format = "ctsft.patch-apply";
    public const int FormatVersion = 1;

    public static PatchApplyResult Execute(string baseModel, string patch, string output, bool force = false)
    {
        var folder = new RunFolder(output);
        folder.Check(force);
        if (PeftAdapterFolder.IsAdapterFolder(patch)) return MergeAdapter(baseModel, patch, folder, force);
        var manifest = CircuitPatch.ReadManifest(patch);
        using var pretrained = PretrainedModel.Load(baseModel, new ModelLoadOptions { Labels = manifest.Labels, InitSeed = manifest.InitSeed });
        var baseHash = ModelHash.OfTensors(pretrained.Model.Parameters());
        CircuitPatch.Apply(pretrained.Model, patch);
        var rebuiltHash = ModelHash.OfTensors(pretrained.Model.Parameters());
        var patchFile = Path.Combine(patch, CircuitPatch.TensorsFile);
        Publish(folder, force, pretrained, baseModel, baseHash, patch, new RunInput("patch", Path.GetFullPath(patchFile), RunDocument.FileHash(patchFile)),
            new JsonObject
            {
                ["scope"] = manifest.Scope,
                ["heads"] = new JsonArray(manifest.Heads.Select(h => (JsonNode?)h).ToArray()),
                ["blocks"] = manifest.Entries.Count,
                ["rebuilt_hash"] = rebuiltHash,
                ["expected_hash"] = manifest.FineTunedHash,
            });
        return new PatchApplyResult(folder.Output, manifest, rebuiltHash);
    }

    private static PatchApplyResult MergeAdapter(string baseModel, string adapter, RunFolder folder, bool force)
    {
        var provenance = PeftAdapterFolder.Provenance(adapter);
        using var pretrained = PretrainedModel.Load(baseModel, new ModelLoadOptions { Labels = provenance.Labels, InitSeed = provenance.InitSeed ?? 0 });
        var baseHash = ModelHash.OfTensors(pretrained.Model.Parameters());
        var summary = PeftAdapterFolder.MergeInto(pretrained.Model, adapter);
        var mergedHash = ModelHash.OfTensors(pretrained.Model.Parameters());
        var weights = Path.Combine(adapter, PeftAdapterFolder.WeightsFile);
        Publish(folder, force, pretrained, baseModel, baseHash, adapter, new RunInput("adapter", Path.GetFullPath(weights), summary.WeightsSha256),
            new JsonObject
            {
                ["scope"] = summary.Kind.ToString().ToLowerInvariant(),
                ["adapter"] = new JsonObject
                {
                    ["modules"] = summary.Modules, ["adapter_entries"] = summary.AdapterEntries, ["rank"] = summary.Rank, ["alpha"] = summary.Alpha,
                    ["saved_module_tensors"] = new JsonArray(summary.SavedModuleTensors.Select(t => (JsonNode?)t).ToArray()),
                    ["merge"] = summary.Kind == AdapterKind.Lora ? "W + (lora_alpha / r) B A" : "rows (output vectors, bias too) or columns (feed-forward vectors) scaled by ia3_l",
                },
                ["rebuilt_hash"] = mergedHash,
                ["expected_hash"] = provenance.MergedModelSha256,
            });
        return new PatchApplyResult(folder.Output, null, mergedHash, summary);
    }

    /// <summary>Saves the rebuilt model and its manifest (the envelope, then <paramref name="body"/>) through the run folder.</summary>
    private static void Publish(RunFolder folder, bool force, PretrainedModel pretrained, string baseModel, string baseHash, string patch, RunInput patchInput, JsonObject body) =>
        folder.Run(force, run =>
        {
            ModelSaver.Save(pretrained.Model, run.Staging, pretrained.Folder);
            var envelope = new RunEnvelope(Format, FormatVersion, "patch_apply", RunEnvelope.Completed,
                new JsonObject { ["base_model"] = baseModel, ["patch"] = Path.GetFullPath(patch) },
                [new RunInput("model", pretrained.Folder, baseHash), patchInput],
                Directory.GetFiles(run.Staging).Select(Path.GetFileName).Append(ManifestFile).Order(StringComparer.Ordinal).ToArray()!);
            RunDocument.Write(run.File(ManifestFile), envelope, body);
            return 0;
        });
}
