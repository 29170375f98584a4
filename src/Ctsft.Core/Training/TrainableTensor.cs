using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>
/// One tensor the optimiser updates. <see cref="Entries"/> null: every entry trains. Otherwise the flat indices
/// of the entries that train (gradient masking); the optimiser reads, updates and keeps state for those only.
/// </summary>
public sealed record TrainableTensor(string Name, Tensor Value, Tensor? Entries = null)
{
    public long TrainableCount => Entries?.numel() ?? Value.numel();
}
