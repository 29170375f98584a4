using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// Splits tensors into shards the way Hugging Face's <c>split_torch_state_dict_into_shards</c> does, walking
/// the tensors in name order: a tensor that would take the current shard past the limit starts a new one,
/// and a tensor larger than the limit gets a shard of its own. Shards are named
/// <c>model-00001-of-00003.safetensors</c>; a single shard is <c>model.safetensors</c>.
/// </summary>
internal static class ShardPlan
{
    public sealed record Shard(string FileName, IReadOnlyList<string> Names, long Bytes);

    public static IReadOnlyList<Shard> Split(IReadOnlyDictionary<string, Tensor> tensors, CheckpointSaveOptions options)
    {
        if (options.MaxShardBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxShardBytes, "MaxShardBytes must be positive");
        var groups = new List<(List<string> Names, long Bytes)>();
        var current = (Names: new List<string>(), Bytes: 0L);
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            var tensor = tensors[name];
            var bytes = SafetensorsWriter.StoredByteCount(tensor, options.Dtypes.For(name, tensor));
            if (bytes > options.MaxShardBytes)
            {
                groups.Add(([name], bytes));
                continue;
            }
            if (current.Bytes + bytes > options.MaxShardBytes && current.Names.Count > 0)
            {
                groups.Add(current);
                current = ([], 0);
            }
            current.Names.Add(name);
            current.Bytes += bytes;
        }
        if (current.Names.Count > 0 || groups.Count == 0) groups.Add(current);
        if (groups.Count == 1) return [new Shard(CheckpointFolder.SingleFileName, groups[0].Names, groups[0].Bytes)];
        return groups
            .Select((g, i) => new Shard($"model-{i + 1:D5}-of-{groups.Count:D5}.safetensors", g.Names, g.Bytes))
            .ToArray();
    }
}
