using static TorchSharp.torch;

namespace Ctsft.Checkpoints;

/// <summary>
/// Hugging Face model folders: weights in <c>model.safetensors</c>, or sharded as
/// <c>model-00001-of-0000N.safetensors</c> with <c>model.safetensors.index.json</c>. Pickled checkpoints
/// (<c>pytorch_model.bin</c>, <c>*.pt</c>, <c>*.ckpt</c>) are refused: unpickling can run arbitrary code.
/// </summary>
public static class CheckpointFolder
{
    public const string SingleFileName = "model.safetensors";

    private static readonly string[] PickledPatterns = ["*.bin", "*.pt", "*.pth", "*.ckpt", "*.pkl"];

    /// <summary>Indexes the folder's tensors (headers only); prefers <c>model.safetensors</c> over an index, as Hugging Face does.</summary>
    public static ITensorSource Open(string folder)
    {
        if (!Directory.Exists(folder)) throw new BadInputException($"{folder}: no such model folder");
        if (File.Exists(Path.Combine(folder, SingleFileName))) return SafetensorsFile.Open(Path.Combine(folder, SingleFileName));
        if (File.Exists(Path.Combine(folder, ShardIndex.FileName))) return ShardedCheckpoint.Open(folder);
        var pickled = PickledPatterns.SelectMany(p => Directory.EnumerateFiles(folder, p)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (pickled.Length > 0)
            throw new BadInputException($"{folder}: holds only pickled PyTorch weights ({string.Join(", ", pickled)}); ctsft loads "
                + $"safetensors only ({SingleFileName} or {ShardIndex.FileName}) and never unpickles, since unpickling can run "
                + "arbitrary code. Convert the checkpoint to safetensors first.");
        throw new BadInputException($"{folder}: has neither {SingleFileName} nor {ShardIndex.FileName}");
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> as <c>model.safetensors</c>, or as shards with an index when they exceed
    /// <see cref="CheckpointSaveOptions.MaxShardBytes"/>. A new folder is written under a temporary name and
    /// renamed; in an existing folder (which may hold config and tokenizer files) each file is replaced
    /// atomically, the index last, and weight files of an earlier save that the new one does not use are removed.
    /// </summary>
    public static void Save(string folder, IReadOnlyDictionary<string, Tensor> tensors, CheckpointSaveOptions? options = null)
    {
        options ??= new CheckpointSaveOptions();
        folder = Path.GetFullPath(folder);
        if (Directory.Exists(folder))
        {
            var written = WriteWeights(folder, tensors, options);
            RemoveStaleWeights(folder, written);
            return;
        }
        AtomicFolder.Write(folder, temporary => WriteWeights(temporary, tensors, options));
    }

    /// <summary>Writes the weight files into a folder the caller stages (a model folder being saved); no staging of its own.</summary>
    public static void WriteInto(string folder, IReadOnlyDictionary<string, Tensor> tensors, CheckpointSaveOptions? options = null) =>
        WriteWeights(folder, tensors, options ?? new CheckpointSaveOptions());

    /// <summary>Writes the weight files; returns their names.</summary>
    private static HashSet<string> WriteWeights(string folder, IReadOnlyDictionary<string, Tensor> tensors, CheckpointSaveOptions options)
    {
        var shards = ShardPlan.Split(tensors, options);
        if (shards.Count == 1)
        {
            SafetensorsWriter.Write(Path.Combine(folder, SingleFileName), tensors, options.Metadata, options.Dtypes);
            return [SingleFileName];
        }
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var subset = shard.Names.ToDictionary(name => name, name => tensors[name], StringComparer.Ordinal);
            SafetensorsWriter.Write(Path.Combine(folder, shard.FileName), subset, options.Metadata, options.Dtypes);
            foreach (var name in shard.Names) weightMap[name] = shard.FileName;
        }
        new ShardIndex(shards.Sum(s => s.Bytes), weightMap).Write(Path.Combine(folder, ShardIndex.FileName));
        return [.. shards.Select(s => s.FileName), ShardIndex.FileName];
    }

    private static void RemoveStaleWeights(string folder, HashSet<string> written)
    {
        var ours = Directory.EnumerateFiles(folder, "model-*-of-*.safetensors")
            .Append(Path.Combine(folder, SingleFileName))
            .Append(Path.Combine(folder, ShardIndex.FileName));
        foreach (var path in ours)
            if (!written.Contains(Path.GetFileName(path)) && File.Exists(path))
                File.Delete(path);
    }
}
