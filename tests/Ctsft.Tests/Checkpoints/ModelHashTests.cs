using System.Security.Cryptography;
using Ctsft.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Checkpoints;

public class ModelHashTests
{
    [Fact]
    public void Folder_hash_of_a_single_file_is_the_sha256_of_that_file()
    {
        var folder = SharedFolder.Fixture("tiny-qwen2");
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "model.safetensors"))));
        Assert.Equal(expected, ModelHash.OfFolder(folder));
    }

    [Fact]
    public void Folder_hash_of_shards_covers_them_in_name_order()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        CheckpointFolder.Save(folder.Path, Model(), new CheckpointSaveOptions { MaxShardBytes = 30 });
        var shards = Directory.GetFiles(folder.Path, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, shards.Length);

        var expected = Convert.ToHexStringLower(SHA256.HashData(shards.SelectMany(File.ReadAllBytes).ToArray()));
        Assert.Equal(expected, ModelHash.OfFolder(folder.Path));
    }

    [Fact]
    public void Tensors_in_memory_hash_the_same_as_after_a_save_and_reload()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var model = Model();
        CheckpointFolder.Save(folder.Path, model);
        using var source = CheckpointFolder.Open(folder.Path);

        Assert.Equal(ModelHash.OfTensors(model), ModelHash.OfTensors(source));
        Assert.Equal(ModelHash.OfTensors(model), ModelHash.OfTensors(source.ReadAll()));
        Assert.Matches("^[0-9a-f]{64}$", ModelHash.OfTensors(model));
    }

    [Fact]
    public void Tensor_hash_changes_with_a_value_a_name_or_a_shape()
    {
        using var scope = torch.NewDisposeScope();
        var reference = ModelHash.OfTensors(Model());

        var changedValue = Model();
        changedValue["w"][0, 0] = torch.tensor(42f);
        var renamed = Model();
        renamed["w2"] = renamed["w"];
        renamed.Remove("w");
        var reshaped = Model();
        reshaped["w"] = reshaped["w"].reshape(3, 2);

        Assert.NotEqual(reference, ModelHash.OfTensors(changedValue));
        Assert.NotEqual(reference, ModelHash.OfTensors(renamed));
        Assert.NotEqual(reference, ModelHash.OfTensors(reshaped));
    }

    private static Dictionary<string, Tensor> Model() => new()
    {
        ["w"] = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3),
        ["b"] = torch.arange(3, dtype: ScalarType.Float32),
        ["ids"] = torch.arange(2, dtype: ScalarType.Int64),
    };
}
