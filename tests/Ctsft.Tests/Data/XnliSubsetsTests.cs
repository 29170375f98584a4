using Ctsft.Data;
using Ctsft.Data.Protocol;

namespace Ctsft.Tests.Data;

public class XnliSubsetsTests
{
    private static readonly string[] Languages = ["en", "th", "vi"];
    private static readonly Dataset[] Dev = Languages.Select(l => SharedDatasets.Xnli(l, "dev")).ToArray();
    private static readonly Dataset[] Test = Languages.Select(l => SharedDatasets.Xnli(l, "test")).ToArray();

    [Fact]
    public void Train_and_validation_are_disjoint_dev_rows_and_test_comes_from_test()
    {
        var subsets = XnliSubsets.Build(Dev, Test, _ => 10, seed: 0);
        Assert.Equal(500, subsets.TrainIds.Count);
        Assert.Equal(100, subsets.ValidIds.Count);
        Assert.Equal(400, subsets.TestIds.Count);
        Assert.Empty(subsets.TrainIds.Intersect(subsets.ValidIds));
        var th = subsets.ByLanguage["th"];
        Assert.Equal(subsets.TrainIds, th.Train.Ids);
        Assert.Equal(Dev[1].SourceFile, th.Valid.SourceFile);
        Assert.Equal(Test[1].SourceFile, th.Test.SourceFile);
        Assert.Equal("train", th.Train.Split);
    }

    [Fact]
    public void Every_language_gets_the_same_rows()
    {
        var subsets = XnliSubsets.Build(Dev, Test, _ => 10, seed: 4);
        var en = subsets.ByLanguage["en"];
        foreach (var language in Languages)
        {
            Assert.Equal(en.Train.Ids, subsets.ByLanguage[language].Train.Ids);
            Assert.Equal(en.Test.LabelCounts(), subsets.ByLanguage[language].Test.LabelCounts());
        }
    }

    [Fact]
    public void A_row_too_long_in_any_one_language_is_dropped_in_all()
    {
        var thai = Dev[1];
        bool IsThai(Example e) => thai.Contains(e.Id) && ReferenceEquals(thai[e.Id], e);
        // Characters stand in for tokens in Thai; every other language counts as short.
        int Tokens(Example e) => IsThai(e) ? e.Text.Length + e.TextPair!.Length : 1;
        var tooLongInThai = thai.Examples.Where(e => Tokens(e) > 128).Select(e => e.Id).ToHashSet();
        Assert.NotEmpty(tooLongInThai);
        var subsets = XnliSubsets.Build(Dev, Test, Tokens, seed: 0);
        Assert.Empty(subsets.TrainIds.Intersect(tooLongInThai));
        Assert.Empty(subsets.ValidIds.Intersect(tooLongInThai));
    }

    [Fact]
    public void Different_seeds_draw_different_rows_and_the_same_seed_the_same()
    {
        Assert.Equal(XnliSubsets.Build(Dev, Test, _ => 0, 1).TrainIds, XnliSubsets.Build(Dev, Test, _ => 0, 1).TrainIds);
        Assert.NotEqual(XnliSubsets.Build(Dev, Test, _ => 0, 1).TrainIds, XnliSubsets.Build(Dev, Test, _ => 0, 2).TrainIds);
    }

    [Fact]
    public void Too_few_short_rows_say_how_many_fit()
    {
        var error = Assert.Throws<BadInputException>(() => XnliSubsets.Build(Dev, Test, e => int.Parse(e.Id) <= 550 ? 5 : 500, 0));
        Assert.Contains("only 550 of 2490 rows", error.Message);
        Assert.Contains("en, th, vi", error.Message);
        Assert.Contains("600 are needed", error.Message);
    }

    [Fact]
    public void The_subset_train_rows_split_into_pools_like_nusax()
    {
        var subsets = XnliSubsets.Build(Dev, Test, _ => 0, 0);
        var trainSets = Languages.Select(l => subsets.ByLanguage[l].Train).ToArray();
        var split = PoolSplit.Create(trainSets, 0);
        Assert.Equal(400, split.PoolA(trainSets[1]).Count);
        Assert.Equal(100, split.PoolB(trainSets[1]).Count);
    }
}
