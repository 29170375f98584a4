using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// The circuit-only model of method.md 5.6: every head outside the kept set has its z replaced by its mean mu
/// (the readout mean at the readout position, the other mean elsewhere) through <see cref="ForwardHooks.HeadOutputs"/>.
/// </summary>
public static class MeanAblation
{
    /// <summary>Hooks for one batch (the means depend on its readout positions and mask).</summary>
    public static ForwardHooks Hooks(HeadSet kept, IHeadBaseline baseline, TransformerConfig config, Tensor attentionMask, Tensor readoutPositions)
    {
        var keepByLayer = Enumerable.Range(0, config.NumLayers)
            .Select(l => Enumerable.Range(0, config.NumAttentionHeads).Select(h => kept.Contains(new HeadRef(l, h))).ToArray())
            .ToArray();
        return new ForwardHooks
        {
            HeadOutputs = (layer, z) =>
            {
                if (keepByLayer[layer].All(k => k)) return z;
                var keep = tensor(keepByLayer[layer], device: z.device).view(1, 1, -1, 1);
                return where(keep, z, baseline.MeanFor(layer, z, attentionMask, readoutPositions));
            },
        };
    }
}
