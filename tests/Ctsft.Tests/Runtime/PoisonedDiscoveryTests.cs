using Ctsft.Circuits;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;
using Ctsft.Tests.Data;
using static TorchSharp.torch;

namespace Ctsft.Tests.Runtime;

/// <summary>A CD-T discovery on a few examples with the default device poisoned: means, decomposition, scores, selection, faithfulness.</summary>
[Collection(PoisonedDeviceCollection.Name), Trait("Device", "poisoned")]
public class PoisonedDiscoveryTests
{
    public static TheoryData<string> Models => PoisonedModels.All;

    private sealed record Discovered(Tensor ReadoutMean, Tensor OtherMean, double[] Relevance, IReadOnlyList<HeadRef> Circuit,
        IReadOnlyList<FaithfulnessResult> Faithfulness) : IDisposable
    {
        public void Dispose()
        {
            ReadoutMean.Dispose();
            OtherMean.Dispose();
        }
    }

    private static Discovered Discover(string model)
    {
        using var taskModel = TaskModel.Load(PoisonedModels.Spec(model), ClassificationTask.NusaxSenti);
        var pool = SharedDatasets.Nusax("ind", "train").Examples;
        var meanSet = pool.Take(6).ToArray();
        var discoverySet = pool.Skip(6).Take(2).ToArray();
        var validation = pool.Skip(8).Take(4).ToArray();
        var config = taskModel.Model.Config;
        using var means = LabelBalancedMean.Compute(taskModel.Model, taskModel.Readout, meanSet,
            new MeanProvenance(meanSet.Select(e => e.Id).ToArray(), taskModel.Task.LabelNames, [2, 2, 2]), batchSize: 3);
        var scores = new HeadScorer(taskModel.Model, taskModel.Readout, means).Score(discoverySet);
        var heads = config.AllHeads().ToArray();
        var relevance = Enumerable.Range(0, discoverySet.Length)
            .SelectMany(e => heads.SelectMany(s => heads.Select(t => scores.TargetRelevance(e, s, t))
                .Concat(Enumerable.Range(0, scores.Labels).Select(l => scores.BetaLogit(e, s, l)))))
            .ToArray();
        var selection = CircuitSelection.Run(scores, perIteration: 1, maxDepth: Math.Min(1, config.NumLayers - 1));
        var faithfulness = new Faithfulness(taskModel.Model, taskModel.Readout, means, MarginDefinition.MaxOfOthers, batchSize: 2);
        var full = faithfulness.Evaluate(validation);
        var comparison = ComparisonSets.Build(selection.Depths[0].Scores, selection.Circuit, seed: 0);
        FaithfulnessResult[] scopes =
        [
            faithfulness.Compare("circuit", selection.Circuit.ToArray(), validation, full),
            faithfulness.Compare("random", comparison.Random, validation, full),
        ];
        return new Discovered(means.Readout.clone(), means.Other.clone(), relevance, selection.Circuit.ToArray(), scopes);
    }

    [Theory, MemberData(nameof(Models))]
    public void A_discovery_stays_on_the_cpu_and_equals_the_unpoisoned_run(string model)
    {
        using var expected = Discover(model);
        using var actual = PoisonedDefaultDevice.Run(() => Discover(model));
        SameOutputs.Tensors(expected.ReadoutMean, actual.ReadoutMean, "readout means");
        SameOutputs.Tensors(expected.OtherMean, actual.OtherMean, "other-position means");
        Assert.Equal(expected.Relevance.Select(BitConverter.DoubleToInt64Bits), actual.Relevance.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.Circuit, actual.Circuit);
        Assert.Equal(expected.Faithfulness.Select(f => (f.Scope, f.Kept, f.Full)), actual.Faithfulness.Select(f => (f.Scope, f.Kept, f.Full)));
    }
}
