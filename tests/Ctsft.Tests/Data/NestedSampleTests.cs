using Ctsft.Data.Protocol;

namespace Ctsft.Tests.Data;

public class NestedSampleTests
{
    private static readonly PoolSplit Split = PoolSplit.Create(SharedDatasets.Nusax("jav", "train"), splitSeed: 0);

    [Fact]
    public void Smaller_samples_are_inside_larger_ones_and_inside_pool_B()
    {
        var sample = NestedSample.FromPoolB(Split, seed: 31);
        var sizes = new[] { 25, 50, 75, 100 };
        var drawn = sizes.Select(sample.Take).ToArray();
        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(sizes[i], drawn[i].Distinct().Count());
            Assert.Subset(Split.PoolBIds.ToHashSet(), drawn[i].ToHashSet());
            if (i > 0)
                Assert.Subset(drawn[i].ToHashSet(), drawn[i - 1].ToHashSet());
        }
    }

    [Fact]
    public void The_sample_seed_fixes_the_sample_and_languages_get_the_same_ids()
    {
        Assert.Equal(NestedSample.FromPoolB(Split, 777).Take(25), NestedSample.FromPoolB(Split, 777).Take(25));
        Assert.NotEqual(NestedSample.FromPoolB(Split, 777).Take(25), NestedSample.FromPoolB(Split, 2025).Take(25));
        var sample = NestedSample.FromPoolB(Split, 777);
        var jav = sample.Take(SharedDatasets.Nusax("jav", "train"), 25);
        var ace = sample.Take(SharedDatasets.Nusax("ace", "train"), 25);
        Assert.Equal(jav.Ids, ace.Ids);
        Assert.Equal(jav.LabelCounts(), ace.LabelCounts());
        Assert.Equal("train/pool-b/n25", jav.Split);
    }

    [Fact]
    public void Stage_one_samples_come_from_pool_A_with_their_own_stream()
    {
        var sample = NestedSample.FromPoolA(Split, 31);
        Assert.Subset(Split.PoolAIds.ToHashSet(), sample.Take(50).ToHashSet());
        Assert.Equal(400, sample.PoolSize);
        Assert.Equal(Split.PoolAIds.Order(), sample.Take(400).Order());
    }

    [Fact]
    public void Sizes_parse_ascending_with_all_as_the_pool_size()
    {
        Assert.Equal([25, 50, 100], SampleSizes.Parse("50, 25,all", 100));
        Assert.Equal([400], SampleSizes.Parse("ALL", 400, "--stage1-n"));
    }
}
