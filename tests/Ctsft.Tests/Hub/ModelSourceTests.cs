using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

public class ModelSourceTests
{
    private sealed class FolderProvider(string name, string folder) : INamedModelProvider
    {
        public string Name => name;
        public string Description => "a test model";
        public int Calls { get; private set; }

        public string Resolve(HubOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
        {
            Calls++;
            return folder;
        }
    }

    private static HubOptions UnreachableHub(string cacheDir) => new()
    {
        CacheDir = cacheDir, Endpoint = new Uri("http://127.0.0.1:9"), MaxAttempts = 1, RetryDelay = TimeSpan.Zero,
    };

    [Fact]
    public void Existing_folder_is_used_as_is()
    {
        var fixture = SharedFolder.Fixture("tiny-bert");

        Assert.Equal(Path.GetFullPath(fixture), ModelSource.Resolve(fixture));
    }

    [Fact]
    public async Task Named_model_is_resolved_by_its_provider_before_the_hub_case_insensitively()
    {
        using var cache = new TempFolder();
        var registry = new NamedModelRegistry();
        var provider = new FolderProvider("tiny", "/models/tiny");
        registry.Register(provider);

        var folder = await ModelSource.ResolveAsync("TINY", registry, UnreachableHub(cache.Path), null, CancellationToken.None);

        Assert.Equal("/models/tiny", folder);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public void Registering_a_taken_or_hub_like_name_is_refused()
    {
        var registry = new NamedModelRegistry();
        registry.Register(new FolderProvider("minilm", "/a"));

        Assert.Throws<ArgumentException>(() => registry.Register(new FolderProvider("MiniLM", "/b")));
        Assert.Throws<ArgumentException>(() => registry.Register(new FolderProvider("org/name", "/b")));
        Assert.Equal(["minilm"], registry.Names);
    }

    [Theory]
    [InlineData("no-such-model")]
    [InlineData("org/name@")]
    [InlineData("a/b/c")]
    public async Task Spec_that_is_no_folder_no_named_model_and_no_hub_id_is_refused_listing_the_named_models(string spec)
    {
        using var cache = new TempFolder();
        var registry = new NamedModelRegistry();
        registry.Register(new FolderProvider("minilm", "/a"));

        var error = await Assert.ThrowsAsync<BadInputException>(() =>
            ModelSource.ResolveAsync(spec, registry, UnreachableHub(cache.Path), null, CancellationToken.None));

        Assert.Contains($"'{spec}'", error.Message);
        Assert.Contains("minilm", error.Message);
        Assert.Contains("org/name@revision", error.Message);
    }

    [Fact]
    public async Task Hub_id_is_fetched_from_the_hub_into_the_cache()
    {
        using var hub = new LoopbackHub();
        using var cache = new TempFolder();
        var commit = LoopbackHub.CommitFor("source");
        hub.AddRepo("fixtures/tiny-bert", SharedFolder.Fixture("tiny-bert"), commit);

        var folder = await ModelSource.ResolveAsync("fixtures/tiny-bert", new NamedModelRegistry(), hub.Options(cache.Path), null, CancellationToken.None);

        Assert.Equal(cache.Combine("models--fixtures--tiny-bert", "snapshots", commit), folder);
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")));
    }
}
