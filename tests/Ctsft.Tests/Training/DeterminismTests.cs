using Ctsft.Scopes;
using Ctsft.Training;

namespace Ctsft.Tests.Training;

/// <summary>
/// Same seed, same weights bit for bit: shuffling comes from SplitMix64 sub-seeds, dropout from torch.manual_seed
/// set before every step, and libtorch's CPU kernels are deterministic at a fixed thread count (the test process
/// keeps the default). tiny-bert has dropout 0.1, so its masks are part of what must repeat.
/// </summary>
public class DeterminismTests
{
    public static TheoryData<string, string> FixturesAndScopes()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in SharedFolder.GoldenModelFolders())
            foreach (var scope in new[] { "full", "heads" })
                data.Add(fixture, scope);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndScopes))]
    public void Two_runs_with_the_same_seed_give_bit_identical_weights_and_another_seed_does_not(string fixture, string scopeKind)
    {
        var first = Run(fixture, scopeKind, seed: 31);
        var second = Run(fixture, scopeKind, seed: 31);
        var other = Run(fixture, scopeKind, seed: 777);
        foreach (var (name, tensor) in first)
            Assert.True(Bits.Identical(tensor, second[name]), $"{fixture} {scopeKind}: {name} differs between two runs with seed 31");
        Assert.Contains(first, p => !Bits.Identical(p.Value, other[p.Key]));
    }

    private static Dictionary<string, TorchSharp.torch.Tensor> Run(string fixture, string scopeKind, ulong seed)
    {
        using var model = TinyTraining.Load(fixture);
        var settings = TinyTraining.Settings() with { Seed = seed };
        TinyTraining.Train(model, TinyTraining.Scope(scopeKind, model.Model.Config), settings, TinyTraining.Examples(fixture, 10));
        return TinyTraining.Snapshot(model.Model);
    }
}
