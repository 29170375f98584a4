using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Ctsft.Checkpoints;

/// <summary>
/// The validated header of a safetensors file: 8-byte little-endian length, then that many bytes of UTF-8
/// JSON (<c>{name: {dtype, shape, data_offsets}, "__metadata__": {...}}</c>), then the data section, which
/// the tensors must tile exactly (as Hugging Face's reader requires). Every defect is a BadInputException
/// naming the file and the tensor or key.
/// </summary>
internal sealed class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    /// <summary>Hugging Face's reader refuses larger headers; so do we, before allocating one.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public required long DataStart { get; init; }
    public required long DataLength { get; init; }
    public required IReadOnlyDictionary<string, TensorInfo> Tensors { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    public static SafetensorsHeader Read(string path, SafeFileHandle file)
    {
        var fileLength = RandomAccess.GetLength(file);
        if (fileLength < 8)
            throw Bad(path, $"is {fileLength} bytes long, shorter than the 8-byte header length of a safetensors file");
        Span<byte> lengthBytes = stackalloc byte[8];
        RandomAccess.Read(file, lengthBytes, 0);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw Bad(path, $"declares a header of {headerLength} bytes, past the end of the file ({fileLength} bytes)");
        if (headerLength > MaxHeaderBytes)
            throw Bad(path, $"declares a header of {headerLength} bytes, more than the {MaxHeaderBytes} safetensors allows");
        var json = new byte[headerLength];
        RandomAccess.Read(file, json, 8);
        var dataStart = 8 + (long)headerLength;
        return Parse(path, json, dataStart, fileLength - dataStart);
    }

    private static SafetensorsHeader Parse(string path, byte[] json, long dataStart, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Bad(path, $"has a header that is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad(path, $"has a header that is a JSON {document.RootElement.ValueKind}, not an object");
            var tensors = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
            IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
            var metadataSeen = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (metadataSeen) throw Bad(path, $"has the key '{MetadataKey}' twice in its header");
                    metadataSeen = true;
                    metadata = ParseMetadata(path, property.Value);
                    continue;
                }
                if (tensors.ContainsKey(property.Name))
                    throw Bad(path, $"names tensor '{property.Name}' twice in its header");
                var info = TensorEntry.Parse(path, property.Name, property.Value);
                CheckExtent(path, info, dataLength);
                tensors.Add(property.Name, info);
            }
            CheckTiling(path, tensors.Values, dataLength);
            return new SafetensorsHeader { DataStart = dataStart, DataLength = dataLength, Tensors = tensors, Metadata = metadata };
        }
    }

    private static Dictionary<string, string> ParseMetadata(string path, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null) return new Dictionary<string, string>(); // as Hugging Face reads it
        if (element.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"has a '{MetadataKey}' that is a JSON {element.ValueKind}, not an object of strings");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Bad(path, $"has '{MetadataKey}' key '{entry.Name}' whose value is a JSON {entry.Value.ValueKind}, not a string");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw Bad(path, $"has '{MetadataKey}' key '{entry.Name}' twice");
        }
        return metadata;
    }

    private static void CheckExtent(string path, TensorInfo info, long dataLength)
    {
        if (info.Begin > info.End)
            throw Bad(path, $"tensor '{info.Name}' has data_offsets [{info.Begin},{info.End}] whose begin is after its end");
        if (info.End > dataLength)
            throw Bad(path, $"tensor '{info.Name}' has data_offsets [{info.Begin},{info.End}] outside the data section of {dataLength} bytes");
        var expected = ExpectedByteCount(path, info);
        if (info.ByteCount != expected)
            throw Bad(path, $"tensor '{info.Name}' has {info.ByteCount} bytes (data_offsets [{info.Begin},{info.End}]) "
                + $"but dtype {info.Dtype.HeaderName()} and shape {info.ShapeText} need {expected}");
    }

    private static long ExpectedByteCount(string path, TensorInfo info)
    {
        try
        {
            return checked(info.Shape.Aggregate((long)info.Dtype.Size(), (product, size) => product * size));
        }
        catch (OverflowException)
        {
            throw Bad(path, $"tensor '{info.Name}' has shape {info.ShapeText}, too large to address");
        }
    }

    /// <summary>In offset order, each tensor starts where the previous one ended and the last ends the file.</summary>
    private static void CheckTiling(string path, IEnumerable<TensorInfo> tensors, long dataLength)
    {
        TensorInfo? previous = null;
        foreach (var info in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            var cursor = previous?.End ?? 0;
            if (info.Begin < cursor)
                throw Bad(path, $"tensors '{previous!.Name}' [{previous.Begin},{previous.End}] and '{info.Name}' "
                    + $"[{info.Begin},{info.End}] overlap in the data section");
            if (info.Begin > cursor)
                throw Bad(path, $"bytes [{cursor},{info.Begin}) of the data section before tensor '{info.Name}' belong to no tensor");
            previous = info;
        }
        var covered = previous?.End ?? 0;
        if (covered != dataLength)
            throw Bad(path, $"has {dataLength - covered} bytes after the last tensor"
                + (previous is null ? "" : $" ('{previous.Name}')") + " that belong to no tensor");
    }

    internal static BadInputException Bad(string path, string problem) => new($"{path}: {problem}");
}
