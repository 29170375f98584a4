using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// The dtype each tensor is written in: floating tensors in <see cref="Floating"/> unless
/// <see cref="ByName"/> names another floating dtype for them; integer and bool tensors always in their own.
/// </summary>
public sealed record StoredDtypes(
    SafetensorsDtype Floating = SafetensorsDtype.F32,
    IReadOnlyDictionary<string, SafetensorsDtype>? ByName = null)
{
    public static StoredDtypes Float32 { get; } = new();

    /// <summary>Write every tensor back in the dtype it was loaded from (see <see cref="TensorSourceExtensions.SourceDtypes"/>).</summary>
    public static StoredDtypes Keep(IReadOnlyDictionary<string, SafetensorsDtype> sourceDtypes) => new(ByName: sourceDtypes);

    public SafetensorsDtype For(string name, Tensor tensor)
    {
        var own = SafetensorsDtypes.FromTorch(tensor.dtype);
        var requested = ByName is not null && ByName.TryGetValue(name, out var byName) ? byName : (SafetensorsDtype?)null;
        if (!own.IsFloating())
            return requested is null || requested == own ? own
                : throw new ArgumentException($"tensor '{name}' is {own.HeaderName()} and cannot be written as {requested.Value.HeaderName()}");
        var chosen = requested ?? Floating;
        return chosen.IsFloating() ? chosen
            : throw new ArgumentException($"floating tensor '{name}' cannot be written as {chosen.HeaderName()}");
    }
}
