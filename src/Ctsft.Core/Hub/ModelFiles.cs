using System.Text.Json;

namespace Ctsft.Hub;

/// <summary>Which files of a model repository are fetched. Pickled weights (<c>pytorch_model.bin</c>) never are.</summary>
public static class ModelFiles
{
    public const string Config = "config.json";
    public const string Weights = "model.safetensors";
    public const string WeightsIndex = "model.safetensors.index.json";

    /// <summary>Tokenizer and generation files, fetched when the repository has them.</summary>
    public static readonly IReadOnlyList<string> Optional =
    [
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt",
        "sentencepiece.bpe.model", "generation_config.json",
    ];

    /// <summary>
    /// The shard file names an index's <c>weight_map</c> names, in first-seen order, each checked to stay
    /// inside the snapshot folder. <paramref name="source"/> names the index in messages.
    /// </summary>
    public static IReadOnlyList<string> ShardNames(string indexPath, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{source} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
                throw new BadInputException($"{source} has no 'weight_map' object");
            var shards = new List<string>();
            foreach (var entry in weightMap.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()!
                    : throw new BadInputException($"{source}: weight_map entry '{entry.Name}' is not a file name but {entry.Value.ValueKind}");
                if (SnapshotPath.Problem(shard) is { } problem)
                    throw new BadInputException($"Refusing shard name '{shard}' (tensor '{entry.Name}') in {source}: {problem}");
                if (!shards.Contains(shard)) shards.Add(shard);
            }
            return shards.Count > 0 ? shards : throw new BadInputException($"{source} has an empty 'weight_map'");
        }
    }
}
