using System.Text.RegularExpressions;

namespace Ctsft.Tests.Runtime;

/// <summary>
/// Host arrays become tensors only in the named places (batch collation, checkpoint loading), each of which moves
/// them to the run's device; every other small tensor made from a host array names its device.
/// </summary>
[Trait("Device", "poisoned")]
public partial class DevicePlacementRulesTests
{
    /// <summary>File names (they may move between folders): batch collation, and the embedded model's weights as loaded.</summary>
    private static readonly string[] FromArrayPlaces = ["ModelInput.cs", "TaskReadout.cs", "OnnxBertWeights.cs"];

    private static IEnumerable<string> LibrarySources()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ctsft.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        return Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
    }

    [Fact]
    public void Only_batch_collation_and_checkpoint_loading_call_from_array()
    {
        var callers = LibrarySources().Where(f => FromArray().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToArray();
        Assert.Contains("ModelInput.cs", callers);
        Assert.All(callers, file => Assert.True(FromArrayPlaces.Contains(file), $"{file} calls from_array; host arrays become tensors in {string.Join(", ", FromArrayPlaces)} only"));
    }

    [Fact]
    public void Every_tensor_made_from_a_host_array_elsewhere_names_its_device()
    {
        var offending = LibrarySources()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => TensorCall().IsMatch(l.Text) && !l.Text.Contains("device:", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToArray();
        Assert.True(offending.Length == 0, "tensor(...) without device:\n" + string.Join("\n", offending));
    }

    [GeneratedRegex(@"\bfrom_array\(")]
    private static partial Regex FromArray();

    [GeneratedRegex(@"(?<![\w.])tensor\(|torch\.tensor\(")]
    private static partial Regex TensorCall();
}
