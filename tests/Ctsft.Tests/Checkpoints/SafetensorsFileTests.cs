using System.Buffers.Binary;
using Ctsft.Checkpoints;
using TorchSharp;

namespace Ctsft.Tests.Checkpoints;

public class SafetensorsFileTests
{
    private static string FixtureFile(string model) => Path.Combine(SharedFolder.Fixture(model), "model.safetensors");

    [Fact]
    public void Indexes_names_dtypes_shapes_and_metadata_of_a_fixture()
    {
        using var file = SafetensorsFile.Open(FixtureFile("tiny-qwen2"));
        Assert.Equal(3 * 12 + 2, file.Names.Count);
        Assert.Equal(file.Names.Order(StringComparer.Ordinal), file.Names);
        var k = file.Info("model.layers.0.self_attn.k_proj.weight");
        Assert.Equal(SafetensorsDtype.F32, k.Dtype);
        Assert.Equal([32L, 64L], k.Shape);
        Assert.Equal(32 * 64 * 4, k.ByteCount);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.False(file.Contains("lm_head.weight"));
    }

    [Fact]
    public void Reads_a_tensor_with_the_values_stored_at_its_offsets()
    {
        var path = FixtureFile("tiny-bert");
        using var file = SafetensorsFile.Open(path);
        var info = file.Info("classifier.weight");
        using var tensor = file.ReadTensor("classifier.weight");

        var data = RawSafetensors.DataSection(path);
        var expected = Enumerable.Range(0, (int)info.ElementCount)
            .Select(i => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan((int)info.Begin + 4 * i)))
            .ToArray();
        Assert.Equal(torch.ScalarType.Float32, tensor.dtype);
        Assert.Equal([3L, 64L], tensor.shape);
        Assert.Equal(expected, tensor.data<float>().ToArray());
    }

    [Fact]
    public void Widens_floating_dtypes_to_float32_and_keeps_integer_dtypes()
    {
        using var folder = new TempFolder();
        var path = folder.File("dtypes.safetensors");
        var data = new List<byte>();
        var entries = new List<string>();
        void Add(string name, string dtype, int count, byte[] bytes)
        {
            entries.Add($"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{count}],\"data_offsets\":[{data.Count},{data.Count + bytes.Length}]}}");
            data.AddRange(bytes);
        }
        Add("f64", "F64", 1, BitConverter.GetBytes(0.1));
        Add("i64", "I64", 1, BitConverter.GetBytes(-5L));
        Add("f32", "F32", 1, BitConverter.GetBytes(2.5f));
        Add("i32", "I32", 1, BitConverter.GetBytes(70000));
        Add("bf16", "BF16", 2, [0x80, 0x3F, 0x00, 0xC0]);      // 1.0, -2.0
        Add("f16", "F16", 2, [0x00, 0x3C, 0xFF, 0x7B]);        // 1.0, 65504
        Add("i16", "I16", 1, BitConverter.GetBytes((short)-300));
        Add("i8", "I8", 2, [0xFF, 0x7F]);                      // -1, 127
        Add("u8", "U8", 1, [200]);
        Add("bool", "BOOL", 2, [1, 0]);
        File.WriteAllBytes(path, RawSafetensors.Build("{" + string.Join(",", entries) + "}", data.ToArray()));

        using var file = SafetensorsFile.Open(path);
        Assert.Equal(SafetensorsDtype.BF16, file.Info("bf16").Dtype);
        using var f64 = file.ReadTensor("f64");
        using var f32 = file.ReadTensor("f32");
        using var bf16 = file.ReadTensor("bf16");
        using var f16 = file.ReadTensor("f16");
        Assert.All(new[] { f64, f32, bf16, f16 }, t => Assert.Equal(torch.ScalarType.Float32, t.dtype));
        Assert.Equal([(float)0.1], f64.data<float>().ToArray());
        Assert.Equal([2.5f], f32.data<float>().ToArray());
        Assert.Equal([1f, -2f], bf16.data<float>().ToArray());
        Assert.Equal([1f, 65504f], f16.data<float>().ToArray());
        using var i64 = file.ReadTensor("i64");
        using var i32 = file.ReadTensor("i32");
        using var i16 = file.ReadTensor("i16");
        using var i8 = file.ReadTensor("i8");
        using var u8 = file.ReadTensor("u8");
        using var flags = file.ReadTensor("bool");
        Assert.Equal([-5L], i64.data<long>().ToArray());
        Assert.Equal([70000], i32.data<int>().ToArray());
        Assert.Equal([(short)-300], i16.data<short>().ToArray());
        Assert.Equal([(sbyte)-1, (sbyte)127], i8.data<sbyte>().ToArray());
        Assert.Equal([(byte)200], u8.data<byte>().ToArray());
        Assert.Equal([true, false], flags.data<bool>().ToArray());
    }

    [Fact]
    public void Reads_scalar_and_empty_tensors()
    {
        using var folder = new TempFolder();
        var path = folder.File("edge.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build(
            "{\"empty\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},\"scalar\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}",
            BitConverter.GetBytes(7f)));
        using var file = SafetensorsFile.Open(path);
        using var scalar = file.ReadTensor("scalar");
        using var empty = file.ReadTensor("empty");
        Assert.Empty(scalar.shape);
        Assert.Equal(7f, scalar.item<float>());
        Assert.Equal([0L, 3L], empty.shape);
    }

    [Fact]
    public void Reads_one_tensor_past_4_GiB_without_touching_the_others()
    {
        const long bigBytes = 4_500_000_000;
        using var folder = new TempFolder();
        var path = folder.File("sparse.safetensors");
        var header = $"{{\"big\":{{\"dtype\":\"U8\",\"shape\":[{bigBytes}],\"data_offsets\":[0,{bigBytes}]}},"
            + $"\"small\":{{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[{bigBytes},{bigBytes + 8}]}}}}";
        var start = RawSafetensors.Build(header, []);
        using (var stream = File.Create(path))
        {
            stream.Write(start);
            stream.SetLength(start.Length + bigBytes + 8); // sparse: the big tensor's bytes are never written
            stream.Position = start.Length + bigBytes;
            stream.Write(BitConverter.GetBytes(1.5f));
            stream.Write(BitConverter.GetBytes(-3f));
        }

        using var file = SafetensorsFile.Open(path);
        using var small = file.ReadTensor("small");
        Assert.Equal([1.5f, -3f], small.data<float>().ToArray());
        Assert.Equal(bigBytes, file.Info("big").ByteCount);
    }

    [Fact]
    public void Null_metadata_reads_as_empty_as_in_hugging_face()
    {
        using var folder = new TempFolder();
        var path = folder.File("null-metadata.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build("{\"__metadata__\":null,\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", [9]));
        using var file = SafetensorsFile.Open(path);
        Assert.Empty(file.Metadata);
        Assert.Equal(["x"], file.Names);
    }

    [Fact]
    public void Asking_for_an_absent_tensor_names_the_file_and_the_tensor()
    {
        var path = FixtureFile("tiny-bert");
        using var file = SafetensorsFile.Open(path);
        var error = Assert.Throws<BadInputException>(() => file.ReadTensor("bert.pooler.dense.weight"));
        Assert.Contains(path, error.Message);
        Assert.Contains("'bert.pooler.dense.weight'", error.Message);
    }

    [Fact]
    public void Missing_file_is_bad_input_naming_it()
    {
        var error = Assert.Throws<BadInputException>(() => SafetensorsFile.Open("/nonexistent/model.safetensors"));
        Assert.Contains("/nonexistent/model.safetensors", error.Message);
    }
}
