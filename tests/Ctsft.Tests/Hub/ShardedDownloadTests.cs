using System.Text.Json.Nodes;
using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

public sealed class ShardedDownloadTests : IDisposable
{
    private const string Repo = "fixtures/tiny-qwen2-sharded";
    private static readonly string Commit = LoopbackHub.CommitFor("tiny-qwen2 sharded");
    private const string Index = "model.safetensors.index.json";

    private readonly LoopbackHub _hub = new();
    private readonly TempFolder _served = new();
    private readonly TempFolder _cache = new();

    public ShardedDownloadTests()
    {
        foreach (var file in new[] { "config.json", "tokenizer.json", "tokenizer_config.json", "vocab.json", "merges.txt" })
            File.Copy(Path.Combine(SharedFolder.Fixture("tiny-qwen2"), file), _served.Combine(file));
        _hub.AddRepo(Repo, _served.Path, Commit);
    }

    public void Dispose()
    {
        _hub.Dispose();
        _served.Dispose();
        _cache.Dispose();
    }

    private Task<string> Resolve() => HubModels.ResolveAsync(HubRepoId.Parse(Repo), _hub.Options(_cache.Path));

    [Fact]
    public async Task Sharded_checkpoint_brings_its_index_and_every_shard()
    {
        var tensors = ShardedCheckpoint.Split(Path.Combine(SharedFolder.Fixture("tiny-qwen2"), "model.safetensors"), _served.Path);

        var folder = await Resolve();

        foreach (var file in ShardedCheckpoint.ShardNames.Append(Index).Append("merges.txt"))
            Assert.Equal(File.ReadAllBytes(_served.Combine(file)), File.ReadAllBytes(Path.Combine(folder, file)));
        var downloaded = ShardedCheckpoint.ShardNames.SelectMany(shard => ShardedCheckpoint.TensorNames(Path.Combine(folder, shard)));
        Assert.Equal(tensors.Order(), downloaded.Order());
        Assert.Contains(_hub.Requests, r => r.Method == "HEAD" && r.Path.EndsWith("/model.safetensors"));
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors")));
    }

    [Theory]
    [InlineData("../evil.safetensors")]
    [InlineData("../../../../evil.safetensors")]
    [InlineData("shards/../../evil.safetensors")]
    [InlineData("/tmp/evil.safetensors")]
    [InlineData("shards\\evil.safetensors")]
    [InlineData("")]
    public async Task Shard_name_leaving_the_snapshot_folder_is_refused_before_any_request_for_it(string shardName)
    {
        var index = new JsonObject { ["weight_map"] = new JsonObject { ["model.embed_tokens.weight"] = shardName } };
        File.WriteAllText(_served.Combine(Index), index.ToJsonString());

        var error = await Assert.ThrowsAnyAsync<BadInputException>(Resolve);

        Assert.Contains($"'{shardName}'", error.Message);
        Assert.Contains(Index, error.Message);
        Assert.Contains("model.embed_tokens.weight", error.Message);
        Assert.DoesNotContain(_hub.Requests, r => r.Path.Contains("evil"));
    }

    [Fact]
    public async Task Repository_with_only_pickled_weights_is_refused_without_fetching_them()
    {
        File.WriteAllBytes(_served.Combine("pytorch_model.bin"), [0x80, 0x02]);

        var error = await Assert.ThrowsAsync<HubException>(Resolve);

        Assert.Contains("pytorch_model.bin", error.Message);
        Assert.Contains($"'{Repo}'", error.Message);
        Assert.DoesNotContain(_hub.Requests, r => r.Path.Contains("pytorch_model.bin"));
    }
}
