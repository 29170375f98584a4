using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

public sealed class OfflineModeTests : IDisposable
{
    private const string Repo = "fixtures/tiny-bert";
    private readonly LoopbackHub _hub = new();
    private readonly TempFolder _cache = new();

    public OfflineModeTests() => _hub.AddRepo(Repo, SharedFolder.Fixture("tiny-bert"), LoopbackHub.CommitFor("offline"));

    public void Dispose()
    {
        _hub.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public async Task Offline_mode_resolves_a_cached_copy_without_requests()
    {
        var online = await HubModels.ResolveAsync(HubRepoId.Parse(Repo), _hub.Options(_cache.Path));
        var requestsBefore = _hub.Requests.Count;

        var offline = await HubModels.ResolveAsync(HubRepoId.Parse(Repo), _hub.Options(_cache.Path) with { Offline = true });

        Assert.Equal(online, offline);
        Assert.Equal(requestsBefore, _hub.Requests.Count);
    }

    [Fact]
    public async Task Offline_mode_without_a_cached_copy_says_it_is_not_cached_and_offline_mode_is_on()
    {
        var error = await Assert.ThrowsAsync<HubException>(() =>
            HubModels.ResolveAsync(HubRepoId.Parse($"{Repo}@v2"), _hub.Options(_cache.Path) with { Offline = true }));

        Assert.Contains($"'{Repo}'", error.Message);
        Assert.Contains("revision 'v2'", error.Message);
        Assert.Contains("not in the cache", error.Message);
        Assert.Contains("offline mode is on", error.Message);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task Offline_mode_refuses_a_cached_copy_whose_file_was_damaged()
    {
        var folder = await HubModels.ResolveAsync(HubRepoId.Parse(Repo), _hub.Options(_cache.Path));
        var blob = new FileInfo(Path.Combine(folder, "model.safetensors")).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        File.WriteAllText(blob, "short");

        var error = await Assert.ThrowsAsync<HubException>(() =>
            HubModels.ResolveAsync(HubRepoId.Parse(Repo), _hub.Options(_cache.Path) with { Offline = true }));

        Assert.Contains("damaged", error.Message);
    }
}
