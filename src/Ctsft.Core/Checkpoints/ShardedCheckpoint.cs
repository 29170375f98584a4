using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// The tensors of a sharded checkpoint folder, through its index: every shard must exist, hold every tensor
/// the index maps to it, and hold nothing the index does not map to it.
/// </summary>
public sealed class ShardedCheckpoint : ITensorSource
{
    private readonly Dictionary<string, SafetensorsFile> _shardOf;
    private readonly List<SafetensorsFile> _shards;

    private ShardedCheckpoint(string folder, ShardIndex index, List<SafetensorsFile> shards)
    {
        Location = folder;
        Index = index;
        _shards = shards;
        var byFile = shards.ToDictionary(s => Path.GetFileName(s.Path), StringComparer.Ordinal);
        _shardOf = index.WeightMap.ToDictionary(m => m.Key, m => byFile[m.Value], StringComparer.Ordinal);
        Names = index.WeightMap.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    public string Location { get; }

    public ShardIndex Index { get; }

    public IReadOnlyList<string> Names { get; }

    public static ShardedCheckpoint Open(string folder)
    {
        var indexPath = Path.Combine(folder, ShardIndex.FileName);
        var index = ShardIndex.Read(indexPath);
        var shards = new List<SafetensorsFile>();
        try
        {
            foreach (var shardFile in index.ShardFiles)
            {
                var shardPath = Path.Combine(folder, shardFile);
                if (!File.Exists(shardPath))
                {
                    var mapped = index.WeightMap.Where(m => m.Value == shardFile).Select(m => m.Key).Order(StringComparer.Ordinal).First();
                    throw new BadInputException($"{indexPath}: shard '{shardFile}' (holding tensor '{mapped}') does not exist");
                }
                shards.Add(SafetensorsFile.Open(shardPath));
            }
            foreach (var shard in shards) CheckAgreesWithIndex(indexPath, index, shard);
            return new ShardedCheckpoint(folder, index, shards);
        }
        catch
        {
            foreach (var shard in shards) shard.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _shardOf.ContainsKey(name);

    public TensorInfo Info(string name) => Shard(name).Info(name);

    public Tensor ReadTensor(string name) => Shard(name).ReadTensor(name);

    public void Dispose()
    {
        foreach (var shard in _shards) shard.Dispose();
    }

    private SafetensorsFile Shard(string name) =>
        _shardOf.TryGetValue(name, out var shard) ? shard
            : throw new BadInputException($"{Location}: has no tensor '{name}' in {ShardIndex.FileName}");

    private static void CheckAgreesWithIndex(string indexPath, ShardIndex index, SafetensorsFile shard)
    {
        var shardFile = Path.GetFileName(shard.Path);
        foreach (var (name, mappedTo) in index.WeightMap.Where(m => m.Value == shardFile))
            if (!shard.Contains(name))
                throw new BadInputException($"{indexPath}: maps tensor '{name}' to '{mappedTo}', but {shard.Path} does not hold it");
        foreach (var name in shard.Names)
        {
            if (!index.WeightMap.TryGetValue(name, out var mappedTo))
                throw new BadInputException($"{shard.Path}: holds tensor '{name}', which {indexPath} does not map");
            if (mappedTo != shardFile)
                throw new BadInputException($"{shard.Path}: holds tensor '{name}', which {indexPath} maps to '{mappedTo}'");
        }
    }
}
