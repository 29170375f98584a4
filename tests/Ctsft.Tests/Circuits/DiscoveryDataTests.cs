using Ctsft.Circuits;
using Ctsft.Data;
using Ctsft.Tasks;

namespace Ctsft.Tests.Circuits;

/// <summary>Where discovery draws from: Pool A of the proxy language and its validation split, for both datasets.</summary>
public class DiscoveryDataTests
{
    [Fact]
    public void Nusax_gives_pool_a_of_400_and_the_100_validation_rows()
    {
        using var model = TaskModel.Load(SharedFolder.Fixture("tiny-bert"), ClassificationTask.NusaxSenti);
        var data = DiscoveryData.Load(NusaxSenti.Task, SharedFolder.Data, "ind", 0, model.Readout);
        Assert.Equal(400, data.PoolA.Count);
        Assert.Equal(100, data.Validation.Count);
        Assert.Equal("valid", data.Validation.Split);
        Assert.Equal(data.PoolA.Ids.Order(), data.PoolA.Ids.Distinct().Order());
    }

    [Fact]
    public void Xnli_gives_pool_a_of_the_nusax_sized_subset_and_its_validation_rows()
    {
        using var model = TaskModel.Load(SharedFolder.Fixture("tiny-bert"), ClassificationTask.Xnli);
        var data = DiscoveryData.Load(Xnli.Task, SharedFolder.Data, "en", 0, model.Readout);
        Assert.Equal(400, data.PoolA.Count);
        Assert.Equal(100, data.Validation.Count);
        Assert.Empty(data.PoolA.Ids.Intersect(data.Validation.Ids));
        Assert.Single(data.Notes);
    }
}
