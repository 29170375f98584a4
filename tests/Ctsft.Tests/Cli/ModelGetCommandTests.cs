using Ctsft.Cli;
using Ctsft.Cli.Commands;
using Ctsft.Tests.Hub;

namespace Ctsft.Tests.Cli;

public sealed class ModelGetCommandTests : IDisposable
{
    private readonly LoopbackHub _hub = new();
    private readonly TempFolder _cache = new();
    private readonly string _commit = LoopbackHub.CommitFor("model get");

    public ModelGetCommandTests() => _hub.AddRepo("fixtures/tiny-bert", SharedFolder.Fixture("tiny-bert"), _commit, ["main", "v1"]);

    public void Dispose()
    {
        _hub.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public void Model_get_fills_the_cache_and_prints_the_snapshot_folder()
    {
        var output = new StringWriter();

        var exitCode = ModelGetCommand.Get("fixtures/tiny-bert@v1", _hub.Options(_cache.Path), output, null, CancellationToken.None);

        var folder = _cache.Combine("models--fixtures--tiny-bert", "snapshots", _commit);
        Assert.Equal(CommandAction.Success, exitCode);
        Assert.Equal(folder + Environment.NewLine, output.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public void Model_get_of_a_missing_repository_exits_with_the_bad_input_code()
    {
        var exitCode = CommandAction.Run(() =>
            ModelGetCommand.Get("fixtures/missing", _hub.Options(_cache.Path), new StringWriter(), null, CancellationToken.None));

        Assert.Equal(BadInputException.ExitCode, exitCode);
    }
}
