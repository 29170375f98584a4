using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

public class SnapshotPathTests
{
    private const string Folder = "/cache/models--a--b/snapshots/0123";

    [Theory]
    [InlineData("model.safetensors", "/cache/models--a--b/snapshots/0123/model.safetensors")]
    [InlineData("onnx/model.onnx", "/cache/models--a--b/snapshots/0123/onnx/model.onnx")]
    public void Plain_relative_names_land_inside_the_folder(string name, string expected) =>
        Assert.Equal(expected, SnapshotPath.Combine(Folder, name, "test"));

    [Theory]
    [InlineData("../model.safetensors", "'..'")]
    [InlineData("a/../../model.safetensors", "'..'")]
    [InlineData("model..v2.safetensors", "'..'")]
    [InlineData("./model.safetensors", "'.' part")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("a\\..\\b", "backslash")]
    [InlineData("C:evil", "':'")]
    [InlineData("a//b", "empty")]
    [InlineData("", "empty")]
    [InlineData("a\nb", "control character")]
    public void Names_that_could_leave_the_folder_are_refused_naming_them_and_their_source(string name, string problem)
    {
        var error = Assert.Throws<BadInputException>(() => SnapshotPath.Combine(Folder, name, "the index of a/b"));

        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("the index of a/b", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
