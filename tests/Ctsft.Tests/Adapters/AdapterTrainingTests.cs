using System.CommandLine;
using System.Text.Json.Nodes;
using Ctsft.Adapters;
using Ctsft.Checkpoints;
using Ctsft.Cli.Commands;
using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Tests.Training;
using Ctsft.Training;
using TorchSharp.Modules;

namespace Ctsft.Tests.Adapters;

/// <summary>The lora and ia3 scopes train, save in PEFT's layout, load and merge, on every fixture family.</summary>
public class AdapterTrainingTests
{
    public static TheoryData<string, AdapterKind> FixturesAndKinds() => AdapterForwardTests.FixturesAndKinds();

    /// <summary>LoRA on q,v,down without norms; IA3 (k,v,down) with every norm: between them both variants are covered.</summary>
    public static ParameterScope Scope(AdapterKind kind, TransformerConfig config) => ParameterScope.OfAdapter(kind == AdapterKind.Lora
        ? AdapterSpec.Lora([ProjectionRole.Q, ProjectionRole.V, ProjectionRole.Down], rank: 2, alpha: 4, dropout: 0.1)
        : AdapterSpec.Ia3(withNorms: true));

    [Theory]
    [MemberData(nameof(FixturesAndKinds))]
    public void The_frozen_base_stays_bit_identical_and_the_optimiser_holds_state_for_the_adapter_only(string fixture, AdapterKind kind)
    {
        using var model = TinyTraining.Load(fixture);
        var scope = Scope(kind, model.Model.Config);
        var selection = scope.Select(model.Model);
        var before = TinyTraining.Snapshot(model.Model);
        var settings = TinyTraining.Settings(weightDecay: 0.1);
        using var binding = new ScopeBinding(model.Model, selection, settings.Masking, settings.Seed);
        var adapters = binding.Adapters!;
        var initial = adapters.Tensors.ToDictionary(t => t.Key, t => t.Value.detach().clone());
        var norms = AdapterBudget.NormEntries(model.Model);
        using (var optimizer = new MaskedAdamW(binding.Tensors, settings))
        {
            Assert.Equal(adapters.Count + (scope.Adapter!.WithNorms ? norms : 0), optimizer.StateEntries);
            Assert.Equal(AdapterBudget.Trainable(model.Model, scope.Adapter), binding.TrainableCount);
            Assert.Equal(ScopeBudget.Of(model.Model, scope).DistinctTrainable, binding.TrainableCount);
        }
        var result = new Trainer(model, binding, settings).Run(TinyTraining.Examples(fixture, 8), TinyTraining.Identity(settings));
        Assert.Equal(TrainingStatus.Completed, result.Status);

        var after = TinyTraining.Snapshot(model.Model);
        foreach (var (name, old) in before)
        {
            var trained = selection.IsWhole(name);
            Assert.True(trained != Bits.Identical(old, after[name]), $"{fixture} {kind}: {name} {(trained ? "did not move" : "changed")}");
        }
        foreach (var (key, value) in adapters.Tensors)
            Assert.False(Bits.Identical(initial[key], value), $"{fixture} {kind}: {key} did not move");
    }

    [Theory]
    [MemberData(nameof(FixturesAndKinds))]
    public void A_run_writes_PEFTs_layout_and_patch_apply_rebuilds_its_model_bit_for_bit(string fixture, AdapterKind kind)
    {
        using var folder = new TempFolder();
        var config = ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json"));
        var scope = Scope(kind, config);
        var run = TrainingRun.Execute(PatchTests.Request(SharedFolder.Fixture(fixture), scope, folder.File("run")));
        var adapter = Path.Combine(run.Folder, TrainingRun.AdapterFolder);
        Assert.Equal([PeftAdapterFolder.ConfigFile, PeftAdapterFolder.WeightsFile], Directory.GetFiles(adapter).Select(Path.GetFileName).Order());
        Assert.False(Directory.Exists(Path.Combine(run.Folder, TrainingRun.PatchFolder)));
        CheckLayout(adapter, config, scope.Adapter!, SharedFolder.Fixture(fixture));

        var rebuilt = folder.File("rebuilt");
        Assert.Equal(0, new RootCommand { PatchCommand.Create() }.Parse(["patch", "apply", SharedFolder.Fixture(fixture), adapter, "--out", rebuilt]).Invoke());
        Bits.AssertSameCheckpoints(Path.Combine(run.Folder, TrainingRun.ModelFolder), rebuilt, $"{fixture} {kind}, after merging the adapter");
        var (_, root) = Ctsft.Runs.RunDocument.Read(Path.Combine(rebuilt, PatchApplyRun.ManifestFile), PatchApplyRun.Format, PatchApplyRun.FormatVersion);
        Assert.Equal(root["expected_hash"]!.GetValue<string>(), root["rebuilt_hash"]!.GetValue<string>());
        var runJson = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Folder, TrainingRun.ManifestFile)))!;
        Assert.Equal(root["rebuilt_hash"]!.GetValue<string>(), runJson["model"]!["fine_tuned_hash"]!.GetValue<string>());
        Assert.Equal(kind == AdapterKind.Lora ? "lora" : "ia3", runJson["scope"]!["kind"]!.GetValue<string>());
        Assert.Equal(run.TrainableEntries, runJson["scope"]!["adapter"]!["adapter_entries"]!.GetValue<long>()
            + (scope.Adapter!.WithNorms ? runJson["scope"]!["trainable_entries"]!.GetValue<long>() - runJson["scope"]!["adapter"]!["adapter_entries"]!.GetValue<long>() : 0));

        // The fine-tuned model is not the adapter's base: refused, nothing written.
        Assert.Equal(2, new RootCommand { PatchCommand.Create() }.Parse(["patch", "apply", Path.Combine(run.Folder, TrainingRun.ModelFolder), adapter, "--out", folder.File("x")]).Invoke());
        Assert.False(Directory.Exists(folder.File("x")));
    }

    /// <summary>
    /// PEFT's documented layout: keys <c>base_model.model.&lt;module&gt;.lora_A.weight</c> (r, in), <c>.lora_B.weight</c>
    /// (out, r), <c>.ia3_l</c> ((out, 1), or (1, in) on a feed-forward module), <c>.modules_to_save.&lt;tensor&gt;</c>; config
    /// fields peft_type, r, lora_alpha, lora_dropout, bias, fan_in_fan_out, target_modules / feedforward_modules /
    /// modules_to_save selecting exactly the adapted modules under PEFT's matching rule.
    /// </summary>
    private static void CheckLayout(string adapter, TransformerConfig config, AdapterSpec spec, string fixtureFolder)
    {
        using var structure = ModelFactory.CreateStructure(config);
        var linears = structure.named_modules().Where(m => m.module is Linear).ToDictionary(m => m.name, m => ((Linear)m.module).weight!.shape);
        var adapted = Enumerable.Range(0, config.NumLayers).SelectMany(l => spec.Targets.Select(t => (Module: config.ProjectionModules(l)[t], Role: t))).ToArray();
        var json = PeftAdapterFolder.ReadConfig(Path.Combine(adapter, PeftAdapterFolder.ConfigFile));
        Assert.Equal(Path.GetFullPath(fixtureFolder), json["base_model_name_or_path"]!.GetValue<string>());
        Assert.False(json["fan_in_fan_out"]!.GetValue<bool>());
        foreach (var module in linears.Keys)
            Assert.Equal(adapted.Any(a => a.Module == module), PeftModuleNames.Matches(json["target_modules"], module));
        var expected = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (module, role) in adapted)
        {
            var shape = linears[module];   // (out, in)
            if (spec.Kind == AdapterKind.Lora)
            {
                expected[$"base_model.model.{module}.lora_A.weight"] = [spec.Rank, shape[1]];
                expected[$"base_model.model.{module}.lora_B.weight"] = [shape[0], spec.Rank];
            }
            else
            {
                expected[$"base_model.model.{module}.ia3_l"] = AdapterSpec.IsFeedForward(role) ? [1, shape[1]] : [shape[0], 1];
                Assert.Equal(AdapterSpec.IsFeedForward(role), PeftModuleNames.Matches(json["feedforward_modules"], module));
            }
        }
        if (spec.Kind == AdapterKind.Lora)
        {
            Assert.Equal("LORA", json["peft_type"]!.GetValue<string>());
            Assert.Equal(spec.Rank, json["r"]!.GetValue<int>());
            Assert.Equal(spec.EffectiveAlpha, json["lora_alpha"]!.GetValue<double>());
            Assert.Equal(spec.Dropout, json["lora_dropout"]!.GetValue<double>());
            Assert.Equal("none", json["bias"]!.GetValue<string>());
        }
        else Assert.Equal("IA3", json["peft_type"]!.GetValue<string>());
        var norms = spec.WithNorms ? config.NormParameterNames().ToArray() : [];
        foreach (var norm in norms)
        {
            var module = norm[..norm.LastIndexOf('.')];
            expected[$"base_model.model.{module}.modules_to_save.{norm[(norm.LastIndexOf('.') + 1)..]}"] = structure.Parameters()[norm].shape;
            Assert.True(PeftModuleNames.Matches(json["modules_to_save"], module), $"modules_to_save misses {module}");
        }
        if (!spec.WithNorms) Assert.Null(json["modules_to_save"]);
        using var file = SafetensorsFile.Open(Path.Combine(adapter, PeftAdapterFolder.WeightsFile));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), file.Names.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in expected) Assert.Equal(shape, file.Info(key).Shape);
    }
}
