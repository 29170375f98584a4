using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Scopes;

namespace Ctsft.Tests.Experiments;

/// <summary>A training stage's cache key is written inside its staging folder, so the published folder has it from the first moment.</summary>
public class StageKeyPublishTests
{
    [Fact]
    public void ATrainingStageIsPublishedWithItsKeyAlreadyInside()
    {
        using var temp = new TempFolder();
        var cache = new StageCache(temp.File("cache"));
        var key = CacheKey.Of("stage2", new JsonObject { ["test"] = nameof(ATrainingStageIsPublishedWithItsKeyAlreadyInside) });
        var calls = 0;
        var training = new TransferStageTraining(SharedFolder.Fixture("tiny-bert"), "nusax", "jav", "4", "B", ParameterScope.Norms, 5e-5, 1, 0, 0,
            SharedFolder.Data, null);
        cache.GetOrCreate(key, output => StageExecutor.Default.Train(training, output, null, CancellationToken.None, staging =>
        {
            calls++;
            Assert.False(Directory.Exists(output), "the stage was published before its key was written");
            Assert.True(File.Exists(Path.Combine(staging, "run.json")), "the hook ran before the run was complete");
            StageCache.WriteKey(staging, key);
        }));
        Assert.Equal(1, calls);
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(cache.FolderOf(key), StageCache.KeyFile)))!;
        Assert.Equal(key.Hash, written["hash"]!.GetValue<string>());
    }
}
