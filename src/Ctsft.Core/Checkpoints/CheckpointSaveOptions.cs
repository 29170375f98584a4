namespace Ctsft.Checkpoints;

/// <summary>How <see cref="CheckpointFolder.Save"/> writes a model folder.</summary>
public sealed record CheckpointSaveOptions
{
    /// <summary>Hugging Face's <c>save_pretrained</c> default, "5GB" (decimal).</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    /// <summary>Shards are cut before a tensor that would take one past this size; a larger tensor gets a shard of its own.</summary>
    public long MaxShardBytes { get; init; } = DefaultMaxShardBytes;

    public StoredDtypes Dtypes { get; init; } = StoredDtypes.Float32;

    /// <summary>Extra <c>__metadata__</c> keys for every file, besides <c>format: pt</c>.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
