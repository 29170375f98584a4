using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Scopes;
using Ctsft.Tasks;
using Ctsft.Tests.Data;
using Ctsft.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Tests.Training;

/// <summary>Short real training runs on the tiny fixtures and real NusaX rows, for the training tests.</summary>
public static class TinyTraining
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    public static TaskModel Load(string fixture) =>
        FixtureTask.Load(fixture, initSeed: 0);

    /// <summary>
    /// Heads spread over the first and last layer, from the config: the second head of layer 0 and the last two
    /// heads of the last layer, which share a key/value group whenever the model groups its queries.
    /// </summary>
    public static HeadSet Heads(TransformerConfig config)
    {
        var (last, count) = (config.NumLayers - 1, config.NumAttentionHeads);
        return new HeadSet([new HeadRef(0, Math.Min(1, count - 1)), new HeadRef(last, Math.Max(0, count - 2)), new HeadRef(last, count - 1)]);
    }

    public static ParameterScope Scope(string kind, TransformerConfig config) =>
        kind == "heads" ? ParameterScope.OfHeads(Heads(config)) : ParameterScope.Parse(kind, null);

    /// <summary>The first n NusaX training rows the fixture's labels can take.</summary>
    public static IReadOnlyList<Example> Examples(string fixture, int n, string language = "ind") =>
        FixtureTask.Fit(fixture, SharedDatasets.Nusax(language, "train").Examples).Take(n).ToArray();

    public static TrainingSettings Settings(double lr = 1e-2, int epochs = 2, int batchSize = 4, double weightDecay = 0,
        GradientMasking masking = GradientMasking.Slices) =>
        new() { LearningRate = lr, Epochs = epochs, BatchSize = batchSize, WeightDecay = weightDecay, Masking = masking, Seed = 31 };

    public static RunIdentity Identity(TrainingSettings settings) =>
        new(new string('0', 64), "test", settings.Masking.ToString(), TrainingRun.RecipeText(settings), "ids");

    /// <summary>Trains in place (merged); returns the result and what the optimiser kept.</summary>
    public static (TrainingResult Result, long TrainableEntries) Train(TaskModel model, ParameterScope scope, TrainingSettings settings,
        IReadOnlyList<Example> examples, TrainingCheckpoint? checkpoint = null, LossLog? log = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        using var binding = new ScopeBinding(model.Model, scope.Select(model.Model), settings.Masking);
        var result = new Trainer(model, binding, settings).Run(examples, Identity(settings), checkpoint, log, progress, cancellation);
        binding.MergeInto(model.Model);
        return (result, binding.TrainableCount);
    }

    /// <summary>Copies of every parameter, by name.</summary>
    public static Dictionary<string, Tensor> Snapshot(TransformerModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone(), StringComparer.Ordinal);

    /// <summary>Mean cross-entropy over the examples in eval mode (no dropout).</summary>
    public static double Loss(TaskModel model, IReadOnlyList<Example> examples)
    {
        using var scope = NewDisposeScope();
        using var logits = model.LabelLogits(examples);
        using var labels = tensor(examples.Select(e => (long)e.Label).ToArray());
        return F.cross_entropy(logits, labels).item<float>();
    }

    /// <summary>Synchronous progress (System.Progress posts to the thread pool).</summary>
    public sealed class Callback(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
