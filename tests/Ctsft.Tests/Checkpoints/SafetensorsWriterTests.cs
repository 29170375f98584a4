using System.Buffers.Binary;
using Ctsft.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Checkpoints;

public class SafetensorsWriterTests
{
    [Theory]
    [InlineData("tiny-bert")]
    [InlineData("tiny-qwen2")]
    public void Reading_and_writing_a_hugging_face_file_gives_the_same_bytes(string model)
    {
        var original = Path.Combine(SharedFolder.Fixture(model), "model.safetensors");
        using var folder = new TempFolder();
        var copy = folder.File("model.safetensors");
        using (var scope = torch.NewDisposeScope())
        using (var file = SafetensorsFile.Open(original))
            SafetensorsWriter.Write(copy, file.ReadAll(), file.Metadata);

        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_bf16_checkpoint_read_as_float32_saves_back_byte_identical()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["w"] = torch.randn(5, 7, generator: new Generator(1)),
            ["b"] = torch.randn(7, generator: new Generator(2)),
            ["ids"] = torch.arange(5, dtype: ScalarType.Int64),
        };
        var bf16 = folder.File("bf16.safetensors");
        SafetensorsWriter.Write(bf16, tensors, dtypes: new StoredDtypes(SafetensorsDtype.BF16));

        var again = folder.File("again.safetensors");
        using (var file = SafetensorsFile.Open(bf16))
            SafetensorsWriter.Write(again, file.ReadAll(), dtypes: StoredDtypes.Keep(file.SourceDtypes()));

        Assert.Equal(File.ReadAllBytes(bf16), File.ReadAllBytes(again));
    }

    [Theory]
    [InlineData(SafetensorsDtype.BF16, 1 + 1.0 / 256, (ushort)0x3F80)]                    // tie: to even (down)
    [InlineData(SafetensorsDtype.BF16, 1 + 3.0 / 256, (ushort)0x3F82)]                    // tie: to even (up)
    [InlineData(SafetensorsDtype.BF16, 1 + 1.0 / 256 + 1.0 / (1 << 20), (ushort)0x3F81)]  // above the tie: up
    [InlineData(SafetensorsDtype.F16, 1 + 1.0 / 2048, (ushort)0x3C00)]
    [InlineData(SafetensorsDtype.F16, 1 + 3.0 / 2048, (ushort)0x3C02)]
    public void Narrowing_rounds_to_nearest_even(SafetensorsDtype dtype, double value, ushort expectedBits)
    {
        using var folder = new TempFolder();
        var path = folder.File("x.safetensors");
        using var tensor = torch.tensor(new[] { (float)value });
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["x"] = tensor }, dtypes: new StoredDtypes(dtype));

        Assert.Equal(expectedBits, BinaryPrimitives.ReadUInt16LittleEndian(RawSafetensors.DataSection(path)));
    }

    [Fact]
    public void Header_has_format_metadata_first_sorted_extra_keys_and_space_padding_to_8_bytes()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.safetensors");
        using var scope = torch.NewDisposeScope();
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["b"] = torch.ones(3), ["a"] = torch.zeros(1) },
            new Dictionary<string, string> { ["run"] = "r1", ["base"] = "qwen" });

        var header = RawSafetensors.HeaderText(path);
        Assert.Equal(0, header.Length % 8);
        Assert.Equal(
            "{\"__metadata__\":{\"base\":\"qwen\",\"format\":\"pt\",\"run\":\"r1\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]}}",
            header.TrimEnd(' '));
        using var file = SafetensorsFile.Open(path);
        Assert.Equal("qwen", file.Metadata["base"]);
    }

    [Fact]
    public void Mixed_dtypes_are_placed_like_hugging_face_widest_rank_first_then_by_name()
    {
        using var folder = new TempFolder();
        var path = folder.File("mixed.safetensors");
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["a_mask"] = torch.ones(3, dtype: ScalarType.Bool),
            ["b_half"] = torch.ones(3),
            ["c_ids"] = torch.ones(3, dtype: ScalarType.Int64),
            ["d_float"] = torch.ones(3),
        };
        SafetensorsWriter.Write(path, tensors, dtypes: new StoredDtypes(ByName: new Dictionary<string, SafetensorsDtype> { ["b_half"] = SafetensorsDtype.F16 }));

        using var file = SafetensorsFile.Open(path);
        var order = file.Names.OrderBy(n => file.Info(n).Begin).ToArray();
        Assert.Equal(["c_ids", "d_float", "b_half", "a_mask"], order);
        Assert.All(file.Names, n => Assert.Equal(0, file.Info(n).Begin % file.Info(n).Dtype.Size()));
    }

    [Fact]
    public void Overwrites_atomically_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("x.safetensors");
        using var scope = torch.NewDisposeScope();
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["x"] = torch.ones(2) });
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["y"] = torch.ones(4) });

        Assert.Equal(["x.safetensors"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(["y"], file.Names);
    }

    [Fact]
    public void Integer_tensors_cannot_be_narrowed_to_a_floating_dtype()
    {
        using var folder = new TempFolder();
        using var ids = torch.arange(3, dtype: ScalarType.Int64);
        var dtypes = new StoredDtypes(ByName: new Dictionary<string, SafetensorsDtype> { ["ids"] = SafetensorsDtype.BF16 });
        Assert.Throws<ArgumentException>(() =>
            SafetensorsWriter.Write(folder.File("x.safetensors"), new Dictionary<string, Tensor> { ["ids"] = ids }, dtypes: dtypes));
    }
}
