using System.Text.Json.Nodes;
using Ctsft.Experiments;

namespace Ctsft.Tests.Experiments;

/// <summary>One cache for the class: later runs reuse the competence checkpoint and the discovery of earlier ones.</summary>
public sealed class TransferCache : IDisposable
{
    public TempFolder Folder { get; } = new();
    public StageCache Cache => new(Folder.Combine("cache"));
    public void Dispose() => Folder.Dispose();
}

public class TransferRunTests(TransferCache shared) : IClassFixture<TransferCache>
{
    private static TransferSettings Settings(Arm arm) => new()
    {
        Model = SharedFolder.Fixture("tiny-bert"), Proxy = "ind", Target = "jav", N = 25, Arm = arm, Depth = 1, Seed = 31,
        DataDir = SharedFolder.Data, MeanSize = 12, DiscoverySize = 8,
    };

    private (TransferResult Result, List<TransferProgress> Events) Run(TransferSettings settings)
    {
        var events = new List<TransferProgress>();
        var result = TransferRun.Execute(settings, new TransferContext(shared.Cache, StageExecutor.Default, new Recorder(events)));
        return (result, events);
    }

    private static string[] Heads(JsonNode? set) => set!.AsArray().Select(h => h!.GetValue<string>()).ToArray();

    [Fact]
    public void HeadArmsShareTheCompetenceCheckpointAndDiscoveryAndCoincidingArmsShareTheirTrainingRun()
    {
        var (nearZero, _) = Run(Settings(Arm.NearZero));
        var (least, events) = Run(Settings(Arm.Least));

        Assert.All(events.Where(e => e.Event == TransferEvent.Finished && e.Stage is TransferStages.Stage1 or TransferStages.Discovery or TransferStages.Competence),
            e => Assert.True(e.Cached, $"{e.Stage} {e.Detail} was computed again"));
        Assert.Contains(events, e => e.Stage == TransferStages.Stage1 && e.Event == TransferEvent.Finished);
        Assert.Equal(nearZero.Json["competence"]!["folder"]!.GetValue<string>(), least.Json["competence"]!["folder"]!.GetValue<string>());
        Assert.Equal(nearZero.A0Accuracy, least.A0Accuracy);

        var discovery = least.Json["discovery"]!;
        var coincide = Heads(discovery["nearzero"]).SequenceEqual(Heads(discovery["least"]));
        Assert.Equal(coincide, least.CoincidesWith.Contains("nearzero"));
        Assert.Equal(coincide, nearZero.CoincidesWith.Contains("least"));
        Assert.Equal(coincide, nearZero.Json["stage2"]!["folder"]!.GetValue<string>() == least.Json["stage2"]!["folder"]!.GetValue<string>());
        Assert.Equal(coincide, events.Single(e => e.Stage == TransferStages.Stage2 && e.Event == TransferEvent.Finished).Cached);
        if (coincide) Assert.Equal(nearZero.TargetAccuracy, least.TargetAccuracy);

        Assert.Equal(Heads(discovery["least"]), Heads(least.Json["arm"]!["heads"]));
        Assert.Empty(Heads(discovery["circuit"]).Intersect(Heads(discovery["least"])));
        Assert.True(least.Json["budget"]!["trainable_entries"]!.GetValue<long>() > 0);
        foreach (var name in new[] { "a0", "competence_proxy", "target_test", "proxy_test" })
        {
            var metric = least.Json["metrics"]![name]!;
            Assert.Equal(metric["metrics"]!["accuracy"]!.GetValue<double>(), metric["accuracy"]!.GetValue<double>());
            Assert.NotNull(metric["manifest"]!["model"]);
        }
        Assert.Equal(least.CompetenceProxyAccuracy - least.ProxyAccuracy, least.Json["metrics"]!["forgetting"]!.GetValue<double>());
        var seeds = least.Json["seeds"]!;
        Assert.NotEqual(seeds["stage1_training"]!.GetValue<ulong>(), seeds["stage2_training"]!.GetValue<ulong>());
        Assert.All(TransferStages.All, stage => Assert.NotNull(least.Json["timings_seconds"]![stage]));
    }

    [Fact]
    public void TheLearningRateSearchRecordsEveryCandidateAndKeepsTheBestOnTargetValidation()
    {
        var settings = Settings(Arm.Norms) with { Rates = new LearningRates(Search: [5e-5, 5e-3]) };
        var (result, _) = Run(settings);
        var candidates = result.Json["learning_rate"]!["candidates"]!.AsArray();
        Assert.Equal([5e-5, 5e-3], candidates.Select(c => c!["learning_rate"]!.GetValue<double>()));
        var scores = candidates.Select(c => c!["validation_accuracy"]!.GetValue<double>()).ToArray();
        Assert.All(candidates, c => Assert.Equal("valid", c!["validation"]!["split"]!.GetValue<string>()));
        var best = scores.Max();
        Assert.Equal(settings.Rates.Search![Array.IndexOf(scores, best)], result.LearningRate);
    }

    [Fact]
    public void TheLoraArmIsMatchedToTheCircuitOfItsDepthAndWritesAPeftAdapterAndIa3NeedsNoDiscovery()
    {
        var (lora, _) = Run(Settings(Arm.Lora));
        var match = lora.Json["arm"]!["budget_match"]!;
        var circuit = new Ctsft.Models.HeadSet(Heads(lora.Json["discovery"]!["circuit"]).Select(Ctsft.Models.HeadRef.Parse));
        var config = Ctsft.Models.ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture("tiny-bert"), "config.json"));
        using var structure = Ctsft.Models.ModelFactory.CreateStructure(config);
        var circuitCount = Ctsft.Scopes.ScopeBudget.Of(structure, Ctsft.Scopes.ParameterScope.OfHeads(circuit)).DistinctTrainable;
        Assert.Equal(circuitCount, match["circuit_trainable"]!.GetValue<long>());
        var loraCount = match["lora_trainable"]!.GetValue<long>();
        Assert.Equal(loraCount, lora.Json["budget"]!["trainable_entries"]!.GetValue<long>());
        var rank = match["rank"]!.GetValue<int>();
        var spec = Ctsft.Adapters.AdapterSpec.Lora(Ctsft.Models.ProjectionRoles.ParseList(match["targets"]!.GetValue<string>(), "targets"), rank, withNorms: true);
        foreach (var other in new[] { rank - 1, rank + 1 }.Where(r => r >= 1))
            Assert.True(Math.Abs(Ctsft.Adapters.AdapterBudget.Trainable(structure, spec with { Rank = other }) - circuitCount) >= Math.Abs(loraCount - circuitCount));
        Assert.Equal(1, lora.Json["settings"]!["depth"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(lora.Json["stage2"]!["folder"]!.GetValue<string>(), "adapter", "adapter_config.json")));

        var (ia3, _) = Run(Settings(Arm.Ia3));
        Assert.Null(ia3.Json["discovery"]);
        Assert.Null(ia3.Json["settings"]!["depth"]);
        Assert.Equal("ia3 targets=k,v,down +norms", ia3.Json["arm"]!["adapter"]!.GetValue<string>());
    }

    private sealed class Recorder(List<TransferProgress> events) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => events.Add(value);
    }
}
