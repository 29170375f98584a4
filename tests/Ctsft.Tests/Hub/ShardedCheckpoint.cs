using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Ctsft.Tests.Hub;

/// <summary>
/// Splits a safetensors file into two shards plus <c>model.safetensors.index.json</c>, as sharded hub
/// checkpoints are laid out, writing the safetensors format directly (8-byte little-endian header length,
/// JSON header padded with spaces to 8 bytes, then the tensors' bytes).
/// </summary>
public static class ShardedCheckpoint
{
    public static readonly string[] ShardNames = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"];

    /// <summary>Writes the shards and index into <paramref name="folder"/>; returns every tensor name.</summary>
    public static IReadOnlyList<string> Split(string safetensorsPath, string folder)
    {
        var bytes = File.ReadAllBytes(safetensorsPath);
        var (header, dataStart) = ReadHeader(bytes);
        var names = header.Select(p => p.Key).Where(k => k != "__metadata__").Order(StringComparer.Ordinal).ToList();
        var weightMap = new JsonObject();
        var half = names.Count / 2;
        foreach (var (shardName, shardTensors) in new[] { (ShardNames[0], names[..half]), (ShardNames[1], names[half..]) })
        {
            WriteShard(Path.Combine(folder, shardName), shardTensors, header, bytes.AsSpan(dataStart));
            foreach (var name in shardTensors) weightMap[name] = shardName;
        }
        var index = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = bytes.Length - dataStart },
            ["weight_map"] = weightMap,
        };
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), index.ToJsonString());
        return names;
    }

    /// <summary>The tensor names in a safetensors file's header.</summary>
    public static IReadOnlyList<string> TensorNames(string safetensorsPath) =>
        ReadHeader(File.ReadAllBytes(safetensorsPath)).Header.Select(p => p.Key).Where(k => k != "__metadata__").ToList();

    private static (JsonObject Header, int DataStart) ReadHeader(byte[] bytes)
    {
        var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        return (JsonNode.Parse(bytes.AsSpan(8, length))!.AsObject(), 8 + length);
    }

    private static void WriteShard(string path, IEnumerable<string> tensors, JsonObject header, ReadOnlySpan<byte> data)
    {
        var shardHeader = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        using var shardData = new MemoryStream();
        foreach (var name in tensors)
        {
            var entry = header[name]!;
            var begin = entry["data_offsets"]![0]!.GetValue<long>();
            var end = entry["data_offsets"]![1]!.GetValue<long>();
            var offset = shardData.Length;
            shardData.Write(data[(int)begin..(int)end]);
            shardHeader[name] = new JsonObject
            {
                ["dtype"] = entry["dtype"]!.GetValue<string>(),
                ["shape"] = entry["shape"]!.DeepClone(),
                ["data_offsets"] = new JsonArray(offset, shardData.Length),
            };
        }
        var headerText = shardHeader.ToJsonString();
        headerText += new string(' ', (8 - Encoding.UTF8.GetByteCount(headerText) % 8) % 8);
        var headerBytes = Encoding.UTF8.GetBytes(headerText);
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        file.Write(length);
        file.Write(headerBytes);
        shardData.Position = 0;
        shardData.CopyTo(file);
    }
}
