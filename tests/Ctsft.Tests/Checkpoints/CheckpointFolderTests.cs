using Ctsft.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Checkpoints;

public class CheckpointFolderTests
{
    /// <summary>Four float32 tensors of 16, 24, 40 and 8 bytes.</summary>
    private static Dictionary<string, Tensor> SmallModel() => new()
    {
        ["a.weight"] = torch.arange(4, dtype: ScalarType.Float32),
        ["b.weight"] = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3),
        ["c.weight"] = torch.arange(10, dtype: ScalarType.Float32),
        ["d.bias"] = torch.arange(2, dtype: ScalarType.Float32),
    };

    [Fact]
    public void Opens_a_hugging_face_folder_with_a_single_file()
    {
        using var source = CheckpointFolder.Open(SharedFolder.Fixture("tiny-bert"));
        Assert.Contains("classifier.weight", source.Names);
        Assert.Equal([3L, 64L], source.Shapes()["classifier.weight"]);
        Assert.All(source.SourceDtypes().Values, d => Assert.Equal(SafetensorsDtype.F32, d));
    }

    [Fact]
    public void Saves_small_models_as_one_file_that_reads_back_equal()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "model");
        using var scope = torch.NewDisposeScope();
        var tensors = SmallModel();
        CheckpointFolder.Save(target, tensors);

        Assert.Equal([CheckpointFolder.SingleFileName], Directory.GetFiles(target).Select(Path.GetFileName));
        using var source = CheckpointFolder.Open(target);
        AssertSameTensors(tensors, source);
    }

    [Fact]
    public void Shards_above_the_size_limit_with_a_hugging_face_index()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "model");
        using var scope = torch.NewDisposeScope();
        var tensors = SmallModel();
        // In name order: a (16) + b (24) = 40 fit; c (40) would exceed 48, so it starts shard 2; d (8) joins it.
        CheckpointFolder.Save(target, tensors, new CheckpointSaveOptions { MaxShardBytes = 48 });

        Assert.Equal(
            ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json"],
            Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("""
            {
              "metadata": {
                "total_size": 88
              },
              "weight_map": {
                "a.weight": "model-00001-of-00002.safetensors",
                "b.weight": "model-00001-of-00002.safetensors",
                "c.weight": "model-00002-of-00002.safetensors",
                "d.bias": "model-00002-of-00002.safetensors"
              }
            }

            """, File.ReadAllText(Path.Combine(target, ShardIndex.FileName)));
        using var source = CheckpointFolder.Open(target);
        Assert.IsType<ShardedCheckpoint>(source);
        AssertSameTensors(tensors, source);
    }

    [Fact]
    public void A_tensor_larger_than_the_limit_gets_a_shard_of_its_own()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "model");
        using var scope = torch.NewDisposeScope();
        CheckpointFolder.Save(target, SmallModel(), new CheckpointSaveOptions { MaxShardBytes = 30 });

        // As in Hugging Face's splitter, the oversized c is emitted at once, before the shard b is still filling.
        var index = ShardIndex.Read(Path.Combine(target, ShardIndex.FileName));
        Assert.Equal(["a.weight"], ShardTensors(index, "model-00001-of-00004.safetensors"));
        Assert.Equal(["c.weight"], ShardTensors(index, "model-00002-of-00004.safetensors"));
        Assert.Equal(["b.weight"], ShardTensors(index, "model-00003-of-00004.safetensors"));
        Assert.Equal(["d.bias"], ShardTensors(index, "model-00004-of-00004.safetensors"));
    }

    [Fact]
    public void Saving_into_an_existing_folder_keeps_other_files_and_removes_stale_shards()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("config.json"), "{}");
        using var scope = torch.NewDisposeScope();
        CheckpointFolder.Save(folder.Path, SmallModel(), new CheckpointSaveOptions { MaxShardBytes = 48 });
        CheckpointFolder.Save(folder.Path, SmallModel());

        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reports_source_dtypes_so_a_save_can_keep_them()
    {
        using var folder = new TempFolder();
        var first = Path.Combine(folder.Path, "first");
        var second = Path.Combine(folder.Path, "second");
        using var scope = torch.NewDisposeScope();
        var dtypes = new StoredDtypes(ByName: new Dictionary<string, SafetensorsDtype> { ["b.weight"] = SafetensorsDtype.BF16, ["c.weight"] = SafetensorsDtype.F16 });
        CheckpointFolder.Save(first, SmallModel(), new CheckpointSaveOptions { Dtypes = dtypes });

        using (var source = CheckpointFolder.Open(first))
        {
            Assert.Equal(SafetensorsDtype.BF16, source.SourceDtypes()["b.weight"]);
            Assert.Equal(SafetensorsDtype.F16, source.SourceDtypes()["c.weight"]);
            Assert.Equal(SafetensorsDtype.F32, source.SourceDtypes()["a.weight"]);
            CheckpointFolder.Save(second, source.ReadAll(), new CheckpointSaveOptions { Dtypes = StoredDtypes.Keep(source.SourceDtypes()) });
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "model.safetensors")), File.ReadAllBytes(Path.Combine(second, "model.safetensors")));
    }

    [Fact]
    public void Missing_shard_is_rejected_naming_it()
    {
        using var folder = ShardedCopy(out var _);
        File.Delete(folder.File("model-00002-of-00002.safetensors"));
        var error = Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.Path));
        Assert.Contains(folder.File(ShardIndex.FileName), error.Message);
        Assert.Contains("'model-00002-of-00002.safetensors'", error.Message);
        Assert.Contains("'c.weight'", error.Message);
    }

    [Fact]
    public void Index_mapping_a_tensor_its_shard_lacks_is_rejected()
    {
        using var folder = ShardedCopy(out var weightMap);
        weightMap["z.weight"] = "model-00001-of-00002.safetensors";
        new ShardIndex(null, weightMap).Write(folder.File(ShardIndex.FileName));
        var error = Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.Path));
        Assert.Contains("'z.weight'", error.Message);
        Assert.Contains("does not hold it", error.Message);
    }

    [Fact]
    public void Shard_holding_a_tensor_the_index_does_not_map_is_rejected()
    {
        using var folder = ShardedCopy(out var weightMap);
        weightMap.Remove("d.bias");
        new ShardIndex(null, weightMap).Write(folder.File(ShardIndex.FileName));
        var error = Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.Path));
        Assert.Contains(folder.File("model-00002-of-00002.safetensors"), error.Message);
        Assert.Contains("'d.bias'", error.Message);
    }

    [Fact]
    public void Index_that_is_not_json_is_rejected()
    {
        using var folder = ShardedCopy(out _);
        File.WriteAllText(folder.File(ShardIndex.FileName), "{\"weight_map\": ");
        var error = Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.Path));
        Assert.Contains(folder.File(ShardIndex.FileName), error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Shard_name_that_leaves_the_folder_is_rejected()
    {
        using var folder = ShardedCopy(out var weightMap);
        weightMap["a.weight"] = "../model-00001-of-00002.safetensors";
        new ShardIndex(null, weightMap).Write(folder.File(ShardIndex.FileName));
        var error = Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.Path));
        Assert.Contains("'a.weight'", error.Message);
        Assert.Contains("not a file name in the folder", error.Message);
    }

    [Fact]
    public void Pickled_checkpoints_are_refused_without_loading()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("pytorch_model.bin"), [0x80, 0x02]);
        var error = Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.Path));
        Assert.Contains(folder.Path, error.Message);
        Assert.Contains("pytorch_model.bin", error.Message);
        Assert.Contains("safetensors only", error.Message);
        Assert.Contains("never unpickles", error.Message);
    }

    [Fact]
    public void Folder_without_weights_is_rejected()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.Path));
        Assert.Contains("neither model.safetensors nor model.safetensors.index.json", error.Message);
        Assert.Throws<BadInputException>(() => CheckpointFolder.Open(folder.File("absent")));
    }

    /// <summary>A sharded save of <see cref="SmallModel"/> (a, b | c, d), and its weight map to tamper with.</summary>
    private static TempFolder ShardedCopy(out Dictionary<string, string> weightMap)
    {
        var folder = new TempFolder();
        using (var scope = torch.NewDisposeScope())
            CheckpointFolder.Save(folder.Path, SmallModel(), new CheckpointSaveOptions { MaxShardBytes = 48 });
        weightMap = new Dictionary<string, string>(ShardIndex.Read(folder.File(ShardIndex.FileName)).WeightMap);
        return folder;
    }

    private static string[] ShardTensors(ShardIndex index, string shard) =>
        index.WeightMap.Where(m => m.Value == shard).Select(m => m.Key).ToArray();

    private static void AssertSameTensors(Dictionary<string, Tensor> expected, ITensorSource source)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), source.Names);
        foreach (var (name, tensor) in expected)
        {
            using var read = source.ReadTensor(name);
            Assert.Equal(tensor.shape, read.shape);
            Assert.Equal(tensor.data<float>().ToArray(), read.data<float>().ToArray());
        }
    }
}
