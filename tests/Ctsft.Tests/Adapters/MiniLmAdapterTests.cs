using Ctsft.Adapters;
using Ctsft.Checkpoints;
using Ctsft.Evaluation;
using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Tests.Training;
using Ctsft.Training;

namespace Ctsft.Tests.Adapters;

/// <summary>The adapter scopes on the real MiniLM: the budget match, and one short LoRA run whose adapter loads back.</summary>
public class MiniLmAdapterTests
{
    private static readonly HeadSet NineHeads = HeadSet.Parse("L1H8,L1H10,L2H7,L3H6,L3H9,L4H2,L5H3,L5H5,L5H10");

    [Fact]
    public void The_budget_match_on_MiniLM_comes_closest_to_the_circuit_on_q_k_v_o()
    {
        using var pretrained = PretrainedModel.Load("minilm", new ModelLoadOptions { Labels = ["negative", "neutral", "positive"] });
        var model = pretrained.Model;
        var config = model.Config;
        foreach (var heads in new[] { NineHeads, HeadSet.Parse("L5H5,L5H3,L1H8") })
        {
            var match = AdapterBudget.MatchHeads(model, AdapterSpec.Lora(withNorms: true), targetsGiven: false, heads);
            Assert.Equal([ProjectionRole.Q, ProjectionRole.K, ProjectionRole.V, ProjectionRole.O], match.Spec.Targets);
            // BERT's q, k, v, o are hidden x hidden: r (hidden + hidden) each, 4 per layer; the circuit: each head's q, k, v rows
            // with their biases and its o columns, plus every norm.
            long perRank = 4L * config.NumLayers * 2 * config.HiddenSize;
            var norms = AdapterBudget.NormEntries(model);
            Assert.Equal(heads.Count * (4L * config.HiddenSize * config.HeadDim + 3 * config.HeadDim) + norms, match.CircuitTrainable);
            var expected = (int)Math.Round((double)(match.CircuitTrainable - norms) / perRank);
            Assert.Equal(expected, match.Spec.Rank);
            Assert.Equal(norms + expected * perRank, match.AdapterTrainable);
        }
    }

    [Fact]
    public void A_LoRA_run_on_MiniLM_evaluates_the_same_merged_or_loaded_with_adapter()
    {
        using var folder = new TempFolder();
        var scope = ParameterScope.OfAdapter(AdapterSpec.Lora([ProjectionRole.Q, ProjectionRole.V], rank: 4, withNorms: true));
        var run = TrainingRun.Execute(PatchTests.Request("minilm", scope, folder.File("run"), n: 16, lr: 5e-3));
        Assert.Equal(TrainingStatus.Completed, run.Training.Status);
        var adapter = Path.Combine(run.Folder, TrainingRun.AdapterFolder);
        var selection = new TaskSelection("nusax", "jav", "valid");
        var merged = EvaluationRun.Execute(new EvaluationRunSettings(Path.Combine(run.Folder, TrainingRun.ModelFolder), selection, SharedFolder.Data,
            OutputFolder: folder.File("merged")));
        var loaded = EvaluationRun.Execute(new EvaluationRunSettings("minilm", selection, SharedFolder.Data, OutputFolder: folder.File("loaded"), Adapter: adapter));
        var a = merged.Evaluation.Predictions;
        var b = loaded.Evaluation.Predictions;
        Assert.Equal(a.Select(p => p.Id), b.Select(p => p.Id));
        var difference = a.Zip(b).Max(pair => pair.First.Logits.Zip(pair.Second.Logits).Max(l => Math.Abs(l.First - l.Second)));
        Assert.True(difference < 1e-5, $"merged model and base + adapter differ by {difference} in a logit");
        Assert.Equal(merged.Evaluation.Metrics.Accuracy, loaded.Evaluation.Metrics.Accuracy);
        Assert.Contains("adapter", File.ReadAllText(Path.Combine(loaded.Folder, EvaluationManifest.FileName)));
    }
}
