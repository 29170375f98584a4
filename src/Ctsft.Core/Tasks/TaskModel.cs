using Ctsft.Data;
using Ctsft.Hub;
using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Tasks;

/// <summary>A pretrained model set up for a classification task (an encoder gets a classifier with the task's labels).</summary>
public sealed class TaskModel(PretrainedModel pretrained, TaskReadout readout) : IDisposable
{
    public PretrainedModel Pretrained { get; } = pretrained;
    public TaskReadout Readout { get; } = readout;
    public TransformerModel Model => Pretrained.Model;
    public ClassificationTask Task => Readout.Task;

    /// <summary>An encoder whose classifier was created at load (seeded), not read from the checkpoint: it is untrained.</summary>
    public bool HasNewClassifier => Pretrained.Loaded.Report.NewlyInitialised.Any(Model.Config.IsTaskHead);

    public static TaskModel Load(string spec, ClassificationTask task, int initSeed = 0, HubOptions? hub = null, IProgress<DownloadProgress>? progress = null,
        (double? Hidden, double? Attention) dropout = default, Device? device = null)
    {
        var pretrained = PretrainedModel.Load(spec, new ModelLoadOptions { Labels = task.LabelNames, InitSeed = initSeed, Dropout = dropout, Device = device }, hub, progress);
        try
        {
            return new TaskModel(pretrained, TaskReadout.Create(task, pretrained.Model, pretrained.Tokenizer));
        }
        catch
        {
            pretrained.Dispose();
            throw;
        }
    }

    /// <summary>(examples, labels) label logits, in batches, in eval mode without gradients.</summary>
    public Tensor LabelLogits(IReadOnlyList<Example> examples, int batchSize = 32, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        Model.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            if (cancellation.IsCancellationRequested)
            {
                foreach (var p in parts) p.Dispose();
                cancellation.ThrowIfCancellationRequested();
            }
            using var scope = NewDisposeScope();
            using var batch = Readout.Encode(examples.Skip(start).Take(batchSize).ToArray());
            parts.Add(Readout.LabelLogits(Model, batch).MoveToOuterDisposeScope());
            progress?.Report(Math.Min(start + batchSize, examples.Count));
        }
        var all = parts.Count == 0 ? zeros(0, Task.NumLabels, device: Readout.Device) : cat(parts.ToArray(), 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    public void Dispose() => Pretrained.Dispose();
}
