using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

public sealed class HubDownloadTests : IDisposable
{
    private const string Repo = "fixtures/tiny-bert";
    private static readonly string Commit = LoopbackHub.CommitFor("tiny-bert main");
    private static readonly string Fixture = SharedFolder.Fixture("tiny-bert");
    private static readonly string[] FixtureFiles = ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt"];

    private readonly LoopbackHub _hub = new();
    private readonly TempFolder _cache = new();

    public HubDownloadTests() => _hub.AddRepo(Repo, Fixture, Commit);

    public void Dispose()
    {
        _hub.Dispose();
        _cache.Dispose();
    }

    private string RepoFolder => _cache.Combine("models--fixtures--tiny-bert");
    private string WeightsBlob => Path.Combine(RepoFolder, "blobs", Sha256Of(Path.Combine(Fixture, "model.safetensors")));

    private Task<string> Resolve(string spec = Repo, string? token = null) =>
        HubModels.ResolveAsync(HubRepoId.Parse(spec), _hub.Options(_cache.Path, token));

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static void AssertSameFiles(string expectedFolder, string actualFolder, IEnumerable<string> files)
    {
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expectedFolder, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualFolder, file))),
                $"{file} differs from the served copy");
    }

    [Fact]
    public async Task Full_download_lays_out_blobs_snapshot_links_and_ref_like_huggingface_hub()
    {
        var folder = await Resolve();

        Assert.Equal(Path.Combine(RepoFolder, "snapshots", Commit), folder);
        Assert.Equal(Commit, File.ReadAllText(Path.Combine(RepoFolder, "refs", "main")));
        AssertSameFiles(Fixture, folder, FixtureFiles);
        var configEtag = LoopbackHub.GitBlobSha1(File.ReadAllBytes(Path.Combine(Fixture, "config.json")));
        Assert.Equal($"../../blobs/{configEtag}", new FileInfo(Path.Combine(folder, "config.json")).LinkTarget);
        Assert.Equal($"../../blobs/{Path.GetFileName(WeightsBlob)}", new FileInfo(Path.Combine(folder, "model.safetensors")).LinkTarget);
        Assert.Equal(FixtureFiles.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), "*.incomplete"));
        Assert.DoesNotContain(_hub.Requests, r => r.Path.Contains("pytorch_model.bin"));
    }

    private sealed class RecordingProgress : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];

        public void Report(DownloadProgress value)
        {
            lock (Reports) Reports.Add(value);
        }
    }

    [Fact]
    public async Task Progress_reports_each_file_growing_to_its_full_size()
    {
        var progress = new RecordingProgress();

        await HubModels.ResolveAsync(HubRepoId.Parse(Repo), _hub.Options(_cache.Path), progress);

        Assert.Equal(FixtureFiles.Order(), progress.Reports.Select(r => r.File).Distinct().Order());
        foreach (var file in FixtureFiles)
        {
            var reports = progress.Reports.Where(r => r.File == file).ToList();
            var size = new FileInfo(Path.Combine(Fixture, file)).Length;
            Assert.All(reports, r => Assert.Equal(size, r.TotalBytes));
            Assert.Equal(reports.Select(r => r.BytesDone).Order(), reports.Select(r => r.BytesDone));
            Assert.Equal(size, reports[^1].BytesDone);
        }
    }

    [Fact]
    public async Task Second_resolve_uses_the_cache_without_any_request()
    {
        var first = await Resolve();
        var requestsAfterFirst = _hub.Requests.Count;

        var second = await Resolve();

        Assert.Equal(first, second);
        Assert.Equal(requestsAfterFirst, _hub.Requests.Count);
    }

    [Fact]
    public async Task Revision_after_at_sign_resolves_its_own_commit_and_ref_and_fetches_files_at_that_commit()
    {
        var tagCommit = LoopbackHub.CommitFor("tiny-bert v1");
        _hub.AddRepo(Repo, Fixture, tagCommit, ["v1"]);

        var folder = await Resolve($"{Repo}@v1");

        Assert.Equal(Path.Combine(RepoFolder, "snapshots", tagCommit), folder);
        Assert.Equal(tagCommit, File.ReadAllText(Path.Combine(RepoFolder, "refs", "v1")));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "refs", "main")));
        Assert.Contains(_hub.Requests, r => r.Path == $"/{Repo}/resolve/v1/config.json");
        Assert.Contains(_hub.Requests, r => r.Path == $"/{Repo}/resolve/{tagCommit}/model.safetensors");
        AssertSameFiles(Fixture, folder, FixtureFiles);
    }

    [Fact]
    public async Task Commit_hash_revision_needs_no_ref()
    {
        var folder = await Resolve($"{Repo}@{Commit}");

        Assert.Equal(Path.Combine(RepoFolder, "snapshots", Commit), folder);
        Assert.False(Directory.Exists(Path.Combine(RepoFolder, "refs")));
    }

    [Theory]
    [InlineData("fixtures/missing", "fixtures/missing", "main", "not found")]
    [InlineData("fixtures/tiny-bert@nope", "fixtures/tiny-bert", "nope", "Revision 'nope' was not found")]
    [InlineData("fixtures/empty", "fixtures/empty", "main", "Not found")]
    public async Task Not_found_names_repository_revision_and_file(string spec, string repo, string revision, string what)
    {
        using var emptyRepo = new TempFolder();
        _hub.AddRepo("fixtures/empty", emptyRepo.Path, LoopbackHub.CommitFor("empty"));

        var error = await Assert.ThrowsAsync<HubException>(() => Resolve(spec));

        Assert.Contains("HTTP 404", error.Message);
        Assert.Contains(what, error.Message);
        Assert.Contains($"'{repo}'", error.Message);
        Assert.Contains($"revision '{revision}'", error.Message);
        Assert.Contains("'config.json'", error.Message);
    }

    [Fact]
    public async Task Gated_repository_without_token_says_so_and_that_HF_TOKEN_is_not_set()
    {
        _hub.AddRepo("fixtures/gated", Fixture, Commit, requiredToken: "secret");

        var error = await Assert.ThrowsAsync<HubException>(() => Resolve("fixtures/gated"));

        Assert.Contains("HTTP 401", error.Message);
        Assert.Contains("gated or private", error.Message);
        Assert.Contains("HF_TOKEN is not set", error.Message);
        Assert.Contains("'fixtures/gated'", error.Message);
    }

    [Fact]
    public async Task Gated_repository_with_a_wrong_token_says_the_HF_TOKEN_token_was_sent()
    {
        _hub.AddRepo("fixtures/gated", Fixture, Commit, requiredToken: "secret");

        var error = await Assert.ThrowsAsync<HubException>(() => Resolve("fixtures/gated", token: "wrong"));

        Assert.Contains("HTTP 403", error.Message);
        Assert.Contains("gated or private", error.Message);
        Assert.Contains("token from HF_TOKEN was sent", error.Message);
    }

    [Fact]
    public async Task Token_is_sent_as_a_bearer_header_to_the_hub()
    {
        _hub.AddRepo("fixtures/gated", Fixture, Commit, requiredToken: "secret");

        var folder = await Resolve("fixtures/gated", token: "secret");

        AssertSameFiles(Fixture, folder, FixtureFiles);
        var hubRequests = _hub.Requests.Where(r => r.Path.Contains("/resolve/")).ToList();
        Assert.NotEmpty(hubRequests);
        Assert.All(hubRequests, r => Assert.Equal("Bearer secret", r.Header("Authorization")));
    }

    [Fact]
    public async Task Token_is_not_sent_to_a_file_store_on_another_host()
    {
        using var fileStore = new LoopbackHub();
        _hub.FileStore = fileStore;

        var folder = await Resolve(token: "secret");

        AssertSameFiles(Fixture, folder, FixtureFiles);
        Assert.Contains(fileStore.Requests, r => r.Path.EndsWith("/model.safetensors"));
        Assert.All(fileStore.Requests, r => Assert.Null(r.Header("Authorization")));
        Assert.All(_hub.Requests, r => Assert.Equal("Bearer secret", r.Header("Authorization")));
    }

    [Fact]
    public async Task Connection_dropped_mid_file_is_resumed_with_a_range_request()
    {
        _hub.BreakDownloads("model.safetensors", times: 1);

        var folder = await Resolve();

        AssertSameFiles(Fixture, folder, ["model.safetensors"]);
        var weightGets = _hub.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/model.safetensors")).ToList();
        Assert.Equal(2, weightGets.Count);
        Assert.Null(weightGets[0].Header("Range"));
        Assert.Equal($"bytes={_hub.BreakAfterBytes}-", weightGets[1].Header("Range"));
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), "*.incomplete"));
    }

    [Fact]
    public async Task Server_ignoring_the_range_makes_the_download_start_over()
    {
        _hub.BreakDownloads("model.safetensors", times: 1);
        _hub.IgnoreRange = true;

        var folder = await Resolve();

        AssertSameFiles(Fixture, folder, ["model.safetensors"]);
        Assert.Contains(_hub.Requests, r => r.Method == "GET" && r.Header("Range") is not null);
    }

    [Fact]
    public async Task Truncated_file_never_lands_in_the_snapshot_and_a_later_resolve_resumes_it()
    {
        _hub.BreakDownloads("model.safetensors");

        var error = await Assert.ThrowsAsync<HubException>(() => Resolve());

        Assert.Contains("'model.safetensors'", error.Message);
        Assert.Contains($"'{Repo}'", error.Message);
        Assert.Contains("after 3 attempts", error.Message);
        var snapshot = Path.Combine(RepoFolder, "snapshots", Commit);
        Assert.False(File.Exists(Path.Combine(snapshot, "model.safetensors")));
        Assert.False(File.Exists(WeightsBlob));
        Assert.True(new FileInfo(WeightsBlob + ".incomplete").Length < new FileInfo(Path.Combine(Fixture, "model.safetensors")).Length);

        _hub.BreakDownloads("model.safetensors", times: 0);
        var requestsBefore = _hub.Requests.Count;
        var folder = await Resolve();

        AssertSameFiles(Fixture, folder, FixtureFiles);
        var resumed = _hub.Requests.Skip(requestsBefore).Single(r => r.Method == "GET" && r.Path.EndsWith("/model.safetensors"));
        Assert.Equal($"bytes={3 * _hub.BreakAfterBytes}-", resumed.Header("Range"));
    }

    [Fact]
    public async Task Cached_blob_of_the_wrong_size_is_downloaded_again()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(WeightsBlob)!);
        File.WriteAllText(WeightsBlob, "not the weights");

        var folder = await Resolve();

        AssertSameFiles(Fixture, folder, ["model.safetensors"]);
        Assert.Contains(_hub.Requests, r => r.Method == "GET" && r.Path.EndsWith("/model.safetensors"));
    }

    [Fact]
    public async Task Blob_damaged_after_a_complete_download_is_not_trusted_but_downloaded_again()
    {
        await Resolve();
        File.WriteAllBytes(WeightsBlob, File.ReadAllBytes(WeightsBlob)[..100]);
        var requestsBefore = _hub.Requests.Count;

        var folder = await Resolve();

        AssertSameFiles(Fixture, folder, ["model.safetensors"]);
        Assert.Contains(_hub.Requests.Skip(requestsBefore), r => r.Method == "GET" && r.Path.EndsWith("/model.safetensors"));
    }

    [Fact]
    public async Task File_whose_sha256_differs_from_its_lfs_etag_is_refused_and_deleted()
    {
        _hub.CorruptFile = "model.safetensors";

        var error = await Assert.ThrowsAsync<HubException>(() => Resolve());

        Assert.Contains("sha256", error.Message);
        Assert.Contains("'model.safetensors'", error.Message);
        Assert.False(File.Exists(WeightsBlob));
        Assert.False(File.Exists(WeightsBlob + ".incomplete"));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "snapshots", Commit, "model.safetensors")));
    }

    [Fact]
    public async Task Unreachable_hub_is_reported_after_the_retries_with_repository_revision_and_file()
    {
        var closedPort = new TcpListener(IPAddress.Loopback, 0);
        closedPort.Start();
        var port = ((IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();
        var options = _hub.Options(_cache.Path) with { Endpoint = new Uri($"http://127.0.0.1:{port}") };

        var error = await Assert.ThrowsAsync<HubException>(() => HubModels.ResolveAsync(HubRepoId.Parse(Repo), options));

        Assert.Contains("after 3 attempts", error.Message);
        Assert.Contains($"'{Repo}'", error.Message);
        Assert.Contains("revision 'main'", error.Message);
        Assert.Contains("'config.json'", error.Message);
    }
}
