using TorchSharp;
using Ctsft.Runtime;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// The label-balanced mean baseline (method.md 5.2 and 9): per head, one mean of z at the readout position and
/// one over every other real position. Per class, the readout mean averages the class's examples and the other
/// mean pools every (example, position) pair of the class; mu is the unweighted mean of the class means.
/// </summary>
public sealed class LabelBalancedMean : IHeadBaseline, IDisposable
{
    /// <summary>(layers, heads, head_dim) float32 each.</summary>
    public Tensor Readout { get; }
    public Tensor Other { get; }
    public MeanProvenance Provenance { get; }

    public LabelBalancedMean(Tensor readout, Tensor other, MeanProvenance provenance)
    {
        Readout = readout;
        Other = other;
        Provenance = provenance;
    }

    public Tensor MeanFor(int layer, Tensor z, Tensor attentionMask, Tensor readoutPositions)
    {
        using var scope = NewDisposeScope();
        var (batch, seq) = (z.shape[0], z.shape[1]);
        var atReadout = HeldScalars.Range(seq, z.device).unsqueeze(0) == readoutPositions.to(z.device).unsqueeze(1);  // (B, S)
        var mu = where(atReadout.unsqueeze(-1).unsqueeze(-1), Readout[layer].to(z.dtype), Other[layer].to(z.dtype));
        return mu.expand(batch, seq, -1, -1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Runs the model over <paramref name="examples"/> and averages every head's z as defined above.</summary>
    public static LabelBalancedMean Compute(TransformerModel model, TaskReadout readout, IReadOnlyList<Example> examples,
        MeanProvenance provenance, int batchSize = 16)
    {
        var config = model.Config;
        var classes = readout.Task.NumLabels;
        var shape = new long[] { classes, config.NumLayers, config.NumAttentionHeads, config.HeadDim };
        var device = Runtime.ModuleDevice.Of(model);
        using var readoutSum = zeros(shape, float64, device: device);
        using var otherSum = zeros(shape, float64, device: device);
        var readoutCount = new long[classes];
        var otherCount = new long[classes];
        model.eval();
        using (no_grad())
            for (var start = 0; start < examples.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var part = examples.Skip(start).Take(batchSize).ToArray();
                using var batch = readout.Encode(part);
                var (readoutWeights, otherWeights) = ClassPositionWeights(batch, classes);  // (C, B, S) each
                var hooks = new ForwardHooks
                {
                    HeadOutputs = (layer, z) =>
                    {
                        var z64 = z.to(float64);
                        readoutSum[TensorIndex.Colon, layer].PlusInPlace(einsum("cbs,bshd->chd", readoutWeights, z64));
                        otherSum[TensorIndex.Colon, layer].PlusInPlace(einsum("cbs,bshd->chd", otherWeights, z64));
                        return z;
                    },
                };
                model.Forward(batch.Input, hooks).Dispose();
                for (var c = 0; c < classes; c++)
                {
                    readoutCount[c] += (long)readoutWeights[c].sum().item<double>();
                    otherCount[c] += (long)otherWeights[c].sum().item<double>();
                }
            }
        return new LabelBalancedMean(MeanOfClassMeans(readoutSum, readoutCount), MeanOfClassMeans(otherSum, otherCount), provenance);
    }

    /// <summary>One-hot weights (class, example, position): the readout position, and every other real position.</summary>
    private static (Tensor Readout, Tensor Other) ClassPositionWeights(TaskBatch batch, int classes)
    {
        var seq = batch.Input.SequenceLength;
        var atReadout = (HeldScalars.Range(seq, batch.ReadoutPositions.device).unsqueeze(0) == batch.ReadoutPositions.unsqueeze(1)).to(float64);   // (B, S)
        var other = batch.Input.AttentionMask.to(float64) - atReadout;
        var ofClass = TorchSharp.torch.nn.functional.one_hot(batch.Labels, classes).t().to(float64).unsqueeze(-1);                       // (C, B, 1)
        return (ofClass * atReadout.unsqueeze(0), ofClass * other.unsqueeze(0));
    }

    private static Tensor MeanOfClassMeans(Tensor sums, long[] counts)
    {
        using var scope = NewDisposeScope();
        var present = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        if (present.Length == 0) throw new BadInputException("the mean set has no positions to average (is it empty?)");
        var means = present.Select(c =>
        {
            using var count = counts[c].ToScalar();
            return sums[c].div(count);
        }).ToArray();
        return stack(means).mean([0]).to(float32).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Readout.Dispose();
        Other.Dispose();
    }
}
