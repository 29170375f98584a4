using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// Records R(s, t) of method.md 5.4 during a source run: at every layer above the source, each head's z_beta at
/// the readout position, mapped through its output-projection slice onto the task direction of the row's gold
/// class (a dot product with the precomputed <see cref="TaskDirection.ThroughOutputProjections"/> vectors).
/// </summary>
/// <param name="readoutPositions">(examples,): each example's readout position.</param>
/// <param name="goldLabels">(examples,): each example's gold class.</param>
/// <param name="readoutOnlyLayer">A layer whose z comes at the readout position only, (sources, examples, 1, heads, d).</param>
internal sealed class TargetRecorder(int sourceLayer, Tensor readoutPositions, Tensor goldLabels, Tensor headDirections, int? readoutOnlyLayer) : IDecompositionObserver
{
    private readonly Dictionary<int, Tensor> _byLayer = new();

    /// <summary>By target layer: (sources x examples, heads) relevance, row-major (row = source x examples + example); read on the host once the pass is over.</summary>
    public Dictionary<int, double[]> ReadByLayer()
    {
        var read = _byLayer.ToDictionary(p => p.Key, p => p.Value.cpu().data<double>().ToArray());
        foreach (var relevance in _byLayer.Values) relevance.Dispose();
        _byLayer.Clear();
        return read;
    }

    public void HeadOutputs(int layer, Decomposed z)
    {
        if (layer <= sourceLayer) return;
        using var scope = NewDisposeScope();
        var atReadout = (layer == readoutOnlyLayer ? z : z.AtPositions(readoutPositions)).Beta.squeeze(2);  // (k, B, H, d)
        var directions = headDirections[layer].index_select(1, goldLabels).transpose(0, 1);              // (B, H, d)
        _byLayer[layer] = (atReadout * directions).sum(-1).flatten(0, 1).to(float64).DetachFromDisposeScope();  // stays on the device during the pass
    }

    public void LayerOutput(int layer, Decomposed x) { }
}
