using System.Text.Json;

namespace Ctsft.Checkpoints;

/// <summary>
/// <c>model.safetensors.index.json</c> of a sharded Hugging Face checkpoint:
/// <c>{"metadata": {"total_size": bytes}, "weight_map": {tensor: shard file}}</c>.
/// </summary>
public sealed record ShardIndex(long? TotalSize, IReadOnlyDictionary<string, string> WeightMap)
{
    public const string FileName = "model.safetensors.index.json";

    /// <summary>The shard files in ordinal order.</summary>
    public IReadOnlyList<string> ShardFiles => WeightMap.Values.Distinct().Order(StringComparer.Ordinal).ToArray();

    public static ShardIndex Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw Bad(path, $"is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(path, "is not a JSON object");
            if (!root.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
                throw Bad(path, "has no 'weight_map' object (tensor name -> shard file)");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in weightMap.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw Bad(path, $"maps tensor '{entry.Name}' to a JSON {entry.Value.ValueKind}, not a shard file name");
                var shard = entry.Value.GetString()!;
                if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                    throw Bad(path, $"maps tensor '{entry.Name}' to '{shard}', which is not a file name in the folder");
                if (!map.TryAdd(entry.Name, shard))
                    throw Bad(path, $"maps tensor '{entry.Name}' twice");
            }
            return new ShardIndex(ReadTotalSize(root), map);
        }
    }

    public void Write(string path) => AtomicFile.Write(path, stream =>
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        if (TotalSize is { } totalSize) json.WriteNumber("total_size", totalSize);
        json.WriteEndObject();
        json.WriteStartObject("weight_map");
        foreach (var (name, shard) in WeightMap.OrderBy(m => m.Key, StringComparer.Ordinal))
            json.WriteString(name, shard);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    });

    private static long? ReadTotalSize(JsonElement root) =>
        root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("total_size", out var total) && total.TryGetInt64(out var size)
            ? size
            : null;

    private static BadInputException Bad(string path, string problem) => new($"{path}: {problem}");
}
