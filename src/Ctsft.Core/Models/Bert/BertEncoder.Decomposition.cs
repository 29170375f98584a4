using Ctsft.Circuits;

namespace Ctsft.Models.Bert;

public sealed partial class BertEncoder
{
    /// <summary>What every layer of a decomposed pass shares: the padding mask (an encoder attends both ways).</summary>
    public static DecomposedPass BeginDecomposedPass(DecompositionRun run) =>
        new(run.Options, AttentionMasks.Padding(run.AttentionMask), Observer: run.Observer);

    public IReadOnlyList<IDecomposableLayer> DecomposableLayers => [.. layer];
}
