namespace Ctsft.Tests;

/// <summary>
/// No model fixture drops out of the fixture-driven theories silently: a folder with config.json but no golden.json,
/// or one whose model_type this build does not support, fails a test that names it.
/// </summary>
public class FixtureDiscoveryTests
{
    public static TheoryData<string> ModelFolders => SharedFolder.ModelFolderNames();

    [Theory, MemberData(nameof(ModelFolders))]
    public void Every_model_folder_has_a_golden_json(string folder) =>
        Assert.True(File.Exists(Path.Combine(SharedFolder.Fixture(folder), "golden.json")),
            $"{SharedFolder.Fixture(folder)} has config.json but no golden.json, so no golden theory covers it");

    [Theory, MemberData(nameof(ModelFolders))]
    public void Every_model_folder_has_an_architecture_this_build_supports(string folder) =>
        Assert.True(SharedFolder.UnsupportedReason(folder) is null,
            $"{folder} is left out of every fixture theory: {SharedFolder.UnsupportedReason(folder)}");

    [Fact]
    public void Both_fixture_sets_are_searched_and_every_golden_model_is_found()
    {
        Assert.Contains(SharedFolder.FixtureSets, s => Path.GetFileName(s) == "fixtures");
        var golden = SharedFolder.GoldenModelFolders().ToArray();
        Assert.NotEmpty(golden);
        Assert.All(golden, name => Assert.True(File.Exists(Path.Combine(SharedFolder.Fixture(name), "golden.json")), name));
    }
}
