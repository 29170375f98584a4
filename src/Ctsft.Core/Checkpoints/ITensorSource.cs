using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// Named tensors on disk, indexed without reading their data: enumerate names, query dtypes and shapes,
/// then read tensors one at a time (floating dtypes arrive as float32, integer and bool ones keep theirs).
/// Tensors returned are owned by the caller.
/// </summary>
public interface ITensorSource : IDisposable
{
    /// <summary>Where the tensors come from (a file or a folder), for messages.</summary>
    string Location { get; }

    /// <summary>Every tensor name, in ordinal order.</summary>
    IReadOnlyList<string> Names { get; }

    bool Contains(string name);

    /// <summary>The stored dtype and shape of <paramref name="name"/>; BadInputException naming the source if absent.</summary>
    TensorInfo Info(string name);

    Tensor ReadTensor(string name);
}

public static class TensorSourceExtensions
{
    /// <summary>The stored dtype of every tensor, so a saver can write each one back as it came.</summary>
    public static IReadOnlyDictionary<string, SafetensorsDtype> SourceDtypes(this ITensorSource source) =>
        source.Names.ToDictionary(name => name, name => source.Info(name).Dtype, StringComparer.Ordinal);

    /// <summary>Shapes of every tensor, without reading any data.</summary>
    public static IReadOnlyDictionary<string, long[]> Shapes(this ITensorSource source) =>
        source.Names.ToDictionary(name => name, name => source.Info(name).Shape, StringComparer.Ordinal);

    /// <summary>Reads every tensor; the caller owns (and disposes) them.</summary>
    public static Dictionary<string, Tensor> ReadAll(this ITensorSource source)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var name in source.Names)
                tensors[name] = source.ReadTensor(name);
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        return tensors;
    }
}
