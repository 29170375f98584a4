using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// Records R(s, t) of method.md 5.4 during a source run: at every layer above the source, each head's z_beta at
/// the readout position, mapped through its output-projection slice onto the task direction of the row's gold
/// class (a dot product with the precomputed <see cref="TaskDirection.ThroughOutputProjections"/> vectors).
/// </summary>
/// <param name="readoutOnlyLayer">A layer whose z comes at the readout position only, (rows, 1, heads, d).</param>
internal sealed class TargetRecorder(int sourceLayer, Tensor readoutPositions, Tensor goldLabels, Tensor headDirections, int? readoutOnlyLayer) : IDecompositionObserver
{
    /// <summary>By target layer: (rows, heads) relevance, row-major.</summary>
    public Dictionary<int, double[]> ByLayer { get; } = new();

    public void HeadOutputs(int layer, Decomposed z)
    {
        if (layer <= sourceLayer) return;
        using var scope = NewDisposeScope();
        var rows = arange(z.Beta.shape[0], device: z.Beta.device);
        var atReadout = layer == readoutOnlyLayer ? z.Beta[TensorIndex.Colon, 0] : z.Beta[rows, readoutPositions];  // (R, H, d)
        var directions = headDirections[layer].index_select(1, goldLabels).transpose(0, 1);         // (R, H, d)
        ByLayer[layer] = (atReadout * directions).sum(-1).to(float64).data<double>().ToArray();
    }

    public void LayerOutput(int layer, Decomposed x) { }
}
