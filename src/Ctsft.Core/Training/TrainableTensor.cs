using static TorchSharp.torch;

namespace Ctsft.Training;

/// <summary>
/// One tensor the optimiser updates. <see cref="Entries"/> null: every entry trains. Otherwise the flat indices
/// of the entries that train (gradient masking); the optimiser reads, updates and keeps state for those only.
/// <see cref="Decays"/>: whether weight decay applies (see <see cref="WeightDecayGroups"/>).
/// </summary>
public sealed record TrainableTensor(string Name, Tensor Value, Tensor? Entries = null, bool Decays = true)
{
    public long TrainableCount => Entries?.numel() ?? Value.numel();

    /// <summary>The model parameter this tensor trains (a head slice's name without its <c>[start:end]</c>).</summary>
    public string ParameterName => Name.IndexOf('[') is var bracket and >= 0 ? Name[..bracket] : Name;
}
