using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Models;
using Ctsft.Runtime;
using Ctsft.Tests.Cli;

namespace Ctsft.Tests.Experiments;

/// <summary>
/// Precision in a grid's and a transfer's identity: absent (fp32) it leaves every hash as it was; bf16 is a different
/// spec and different stage keys; a bad value or an adapter arm in bf16 is a problem naming <c>precision</c>.
/// </summary>
public class PrecisionSpecTests
{
    private static readonly string TinyBert = SharedFolder.Fixture("tiny-bert");

    private static JsonObject Spec(params (string Key, JsonNode Value)[] extra)
    {
        var spec = new JsonObject
        {
            ["model"] = TinyBert, ["task"] = "nusax", ["proxy"] = "ind", ["targets"] = new JsonArray("jav"), ["n"] = new JsonArray(25),
            ["arms"] = new JsonArray("full", "circuit"),
            ["depths"] = new JsonArray(ModelFactory.ReadConfig(Path.Combine(TinyBert, "config.json")).NumLayers - 1),
            ["seeds"] = new JsonArray(31), ["data_dir"] = SharedFolder.Data,
        };
        foreach (var (key, value) in extra) spec[key] = value;
        return spec;
    }

    [Fact]
    public void Fp32_leaves_the_canonical_spec_and_its_hash_unchanged_and_bf16_changes_them()
    {
        var plain = ExperimentSpecReader.Parse(Spec(), StageExecutor.Default).Spec!;
        var fp32 = ExperimentSpecReader.Parse(Spec(("precision", "fp32")), StageExecutor.Default).Spec!;
        var bf16 = ExperimentSpecReader.Parse(Spec(("precision", "bf16")), StageExecutor.Default).Spec!;
        Assert.False(plain.Canonical().ContainsKey("precision"));
        Assert.Equal(plain.Hash, fp32.Hash);
        Assert.NotEqual(plain.Hash, bf16.Hash);
        Assert.Equal("bf16", bf16.Canonical()["precision"]!.GetValue<string>());
        Assert.Equal(Precision.Bf16, bf16.Settings(new GridCell("jav", 25, Arm.Full, null, 31)).Precision);
    }

    [Fact]
    public void A_bad_precision_and_an_adapter_arm_in_bf16_are_problems_naming_precision()
    {
        var (_, bad) = ExperimentSpecReader.Parse(Spec(("precision", "fp16")), StageExecutor.Default);
        Assert.Contains(bad, p => p.Contains("precision", StringComparison.Ordinal) && p.Contains("fp16", StringComparison.Ordinal));
        var (_, lora) = ExperimentSpecReader.Parse(Spec(("precision", "bf16"), ("arms", new JsonArray("full", "lora"))), StageExecutor.Default);
        Assert.Contains(lora, p => p.Contains("precision", StringComparison.Ordinal) && p.Contains("lora", StringComparison.Ordinal));
    }

    [Fact]
    public void Stage_keys_gain_precision_only_when_it_is_not_fp32()
    {
        var settings = new TransferSettings { Model = TinyBert, Proxy = "ind", Target = "jav", N = 25, Arm = Arm.Full, DataDir = SharedFolder.Data };
        Assert.False(new TransferData(settings).Identify(new JsonObject { ["task"] = "nusax" }).ContainsKey("precision"));
        var bf16 = new TransferData(settings with { Precision = Precision.Bf16 }).Identify(new JsonObject { ["task"] = "nusax" });
        Assert.Equal("bf16", bf16["precision"]!.GetValue<string>());
        Assert.Equal("fp32", Ctsft.Circuits.DiscoveryPrecision.Record(Ctsft.Circuits.DiscoveryPrecision.Effective(Precision.Bf16), bf16)["precision"]!.GetValue<string>());
    }

    [Fact]
    public void The_experiment_command_refuses_a_bad_precision_with_exit_2_and_writes_nothing()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("spec.json"), Spec().ToJsonString());
        var (code, _, error) = CliRunner.Run("experiment", temp.File("spec.json"), "--out", temp.File("out"), "--precision", "fp8");
        Assert.Equal(BadInputException.ExitCode, code);
        Assert.Contains("precision", error, StringComparison.Ordinal);
        Assert.Contains("fp8", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")));
    }
}
