using Ctsft.Data;
using Ctsft.Data.Protocol;

namespace Ctsft.Tests.Data;

public class PoolSplitTests
{
    private static Dataset Train(string language) => SharedDatasets.Nusax(language, "train");

    [Fact]
    public void Pools_partition_the_500_training_rows_into_400_and_100()
    {
        var split = PoolSplit.Create(Train("jav"), splitSeed: 0);
        Assert.Equal(400, split.PoolAIds.Count);
        Assert.Equal(100, split.PoolBIds.Count);
        Assert.Empty(split.PoolAIds.Intersect(split.PoolBIds));
        Assert.Equal(Train("jav").Ids.Order(), split.PoolAIds.Concat(split.PoolBIds).Order());
    }

    [Fact]
    public void The_split_is_the_same_whichever_languages_it_is_computed_from()
    {
        var fromJav = PoolSplit.Create(Train("jav"), 3);
        var fromInd = PoolSplit.Create(Train("ind"), 3);
        var fromAll = PoolSplit.Create(NusaxSenti.Task.Languages.Select(Train).ToArray(), 3);
        Assert.Equal(fromJav.PoolBIds, fromInd.PoolBIds);
        Assert.Equal(fromJav.PoolBIds, fromAll.PoolBIds);
        Assert.Equal(fromJav.PoolAIds, fromAll.PoolAIds);
    }

    [Fact]
    public void Pool_B_rows_are_in_no_languages_pool_A()
    {
        var split = PoolSplit.Create(Train("ind"), 1);
        foreach (var language in NusaxSenti.Task.Languages)
        {
            var poolA = split.PoolA(Train(language));
            var poolB = split.PoolB(Train(language));
            Assert.Empty(poolA.Ids.Intersect(poolB.Ids));
            Assert.Equal(split.PoolBIds, poolB.Ids);
            Assert.Equal(language, poolB.Language);
            Assert.Equal("train/pool-b", poolB.Split);
        }
    }

    [Fact]
    public void The_split_seed_fixes_the_split()
    {
        Assert.Equal(PoolSplit.Create(Train("jav"), 5).PoolBIds, PoolSplit.Create(Train("jav"), 5).PoolBIds);
        Assert.NotEqual(PoolSplit.Create(Train("jav"), 5).PoolBIds, PoolSplit.Create(Train("jav"), 6).PoolBIds);
    }

    [Fact]
    public void Row_order_of_the_file_does_not_change_the_split()
    {
        var train = Train("jav");
        var reversed = train with { Examples = train.Examples.Reverse().ToArray() };
        Assert.Equal(PoolSplit.Create(train, 2).PoolBIds, PoolSplit.Create(reversed, 2).PoolBIds);
    }

    [Fact]
    public void Pool_sizes_are_options()
    {
        var split = PoolSplit.Create(Train("jav"), 0, poolBSize: 50, poolASize: 200);
        Assert.Equal(50, split.PoolBIds.Count);
        Assert.Equal(200, split.PoolAIds.Count);
        Assert.Empty(split.PoolAIds.Intersect(split.PoolBIds));
    }
}
