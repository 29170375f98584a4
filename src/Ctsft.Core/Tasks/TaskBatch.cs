using Ctsft.Models;
using static TorchSharp.torch;

namespace Ctsft.Tasks;

/// <summary>Encoded examples: the model input, where each row's label is read, and the gold labels.</summary>
public sealed record TaskBatch(ModelInput Input, Tensor ReadoutPositions, Tensor Labels, IReadOnlyList<string> Ids) : IDisposable
{
    public long Count => Labels.shape[0];

    public void Dispose()
    {
        Input.InputIds.Dispose();
        Input.AttentionMask.Dispose();
        Input.TokenTypeIds?.Dispose();
        ReadoutPositions.Dispose();
        Labels.Dispose();
    }
}
