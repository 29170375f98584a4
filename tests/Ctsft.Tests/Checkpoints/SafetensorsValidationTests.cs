using Ctsft.Checkpoints;

namespace Ctsft.Tests.Checkpoints;

public class SafetensorsValidationTests
{
    private const string Ok = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";

    [Fact]
    public void File_shorter_than_8_bytes_is_rejected() =>
        AssertRejected([1, 2, 3], "3 bytes long", "shorter than the 8-byte");

    [Fact]
    public void Header_length_past_the_end_of_the_file_is_rejected() =>
        AssertRejected(RawSafetensors.Build(1000, "{}", []), "header of 1000 bytes", "past the end of the file");

    [Fact]
    public void Header_that_is_not_json_is_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\": {", new byte[8]), "not valid JSON");

    [Fact]
    public void Header_that_is_not_an_object_is_rejected() =>
        AssertRejected(RawSafetensors.Build("[1,2]", []), "Array, not an object");

    [Theory]
    [InlineData("dtype", "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}")]
    [InlineData("shape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}")]
    [InlineData("data_offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}")]
    public void Entry_missing_a_key_is_rejected(string missingKey, string header) =>
        AssertRejected(RawSafetensors.Build(header, new byte[8]), "tensor 'a'", $"no '{missingKey}'");

    [Fact]
    public void Entry_that_is_not_an_object_is_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":[0,8]}", new byte[8]), "tensor 'a'", "not an object");

    [Fact]
    public void Unknown_dtype_is_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", new byte[8]),
            "tensor 'a'", "unknown dtype 'F8_E4M3'");

    [Fact]
    public void Offsets_outside_the_data_section_are_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":{" + Ok + "}}", new byte[4]), "tensor 'a'", "[0,8] outside the data section of 4 bytes");

    [Fact]
    public void Begin_after_end_is_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8]),
            "tensor 'a'", "begin is after its end");

    [Fact]
    public void Overlapping_tensors_are_rejected_naming_both() =>
        AssertRejected(RawSafetensors.Build(
                "{\"a\":{" + Ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]),
            "'a' [0,8]", "'b' [4,12]", "overlap");

    [Fact]
    public void Byte_count_that_disagrees_with_shape_and_dtype_is_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
            "tensor 'a'", "has 8 bytes", "shape [3] need 12");

    [Fact]
    public void Duplicate_tensor_names_are_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":{" + Ok + "},\"a\":{" + Ok + "}}", new byte[8]), "tensor 'a' twice");

    [Fact]
    public void Bytes_between_tensors_that_belong_to_no_tensor_are_rejected() =>
        AssertRejected(RawSafetensors.Build(
                "{\"a\":{" + Ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20]),
            "bytes [8,12)", "before tensor 'b'");

    [Fact]
    public void Trailing_bytes_after_the_last_tensor_are_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":{" + Ok + "}}", new byte[12]), "4 bytes after the last tensor ('a')");

    [Fact]
    public void Metadata_value_that_is_not_a_string_is_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"__metadata__\":{\"format\":1},\"a\":{" + Ok + "}}", new byte[8]),
            "'__metadata__' key 'format'", "not a string");

    [Fact]
    public void Negative_shape_is_rejected() =>
        AssertRejected(RawSafetensors.Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]),
            "tensor 'a'", "not a list of non-negative integers");

    private static void AssertRejected(byte[] fileBytes, params string[] expectedInMessage)
    {
        using var folder = new TempFolder();
        var path = folder.File("corrupt.safetensors");
        File.WriteAllBytes(path, fileBytes);
        var error = Assert.Throws<BadInputException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(path, error.Message);
        foreach (var expected in expectedInMessage) Assert.Contains(expected, error.Message);
    }
}
