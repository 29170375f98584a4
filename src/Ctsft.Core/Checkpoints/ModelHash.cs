using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// SHA-256 identities of model weights for run manifests, as lowercase hex.
/// <see cref="OfFolder"/> hashes the files as stored; <see cref="OfTensors"/> hashes the values, so a model
/// in memory hashes the same whether or not it was saved (and after a float32 save and reload).
/// </summary>
public static class ModelHash
{
    /// <summary>
    /// SHA-256 of the concatenated bytes of the folder's <c>*.safetensors</c> files in ordinal name order,
    /// streamed. For a single-file folder it equals <c>sha256sum model.safetensors</c>.
    /// </summary>
    public static string OfFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new BadInputException($"{folder}: no such model folder");
        var files = Directory.EnumerateFiles(folder, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new BadInputException($"{folder}: has no .safetensors files to hash");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// SHA-256 over the tensors in ordinal name order; each contributes its UTF-8 name, dtype, shape (all
    /// length-prefixed, little-endian) and raw elements: floating tensors as float32, others in their own dtype.
    /// </summary>
    public static string OfTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
            Append(sha, name, tensors[name]);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The same value as <see cref="OfTensors"/> of <c>source.ReadAll()</c>, reading one tensor at a time.</summary>
    public static string OfTensors(ITensorSource source)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in source.Names)
        {
            using var tensor = source.ReadTensor(name);
            Append(sha, name, tensor);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static unsafe void Append(IncrementalHash sha, string name, Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var values = tensor.detach().cpu();
        if (values.is_floating_point()) values = values.to_type(ScalarType.Float32);
        values = values.contiguous();
        AppendLengthPrefixed(sha, Encoding.UTF8.GetBytes(name));
        AppendLengthPrefixed(sha, Encoding.UTF8.GetBytes(SafetensorsDtypes.FromTorch(values.dtype).HeaderName()));
        var shape = values.shape;
        AppendInt64(sha, shape.Length);
        foreach (var size in shape) AppendInt64(sha, size);
        var total = TensorMemory.ByteCount(values);
        AppendInt64(sha, total);
        const int chunkBytes = 1 << 30;
        var address = TensorMemory.Address(values);
        for (long offset = 0; offset < total; offset += chunkBytes)
            sha.AppendData(new ReadOnlySpan<byte>(address + offset, (int)Math.Min(chunkBytes, total - offset)));
    }

    private static void AppendLengthPrefixed(IncrementalHash sha, byte[] bytes)
    {
        AppendInt64(sha, bytes.Length);
        sha.AppendData(bytes);
    }

    private static void AppendInt64(IncrementalHash sha, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        sha.AppendData(bytes);
    }
}
