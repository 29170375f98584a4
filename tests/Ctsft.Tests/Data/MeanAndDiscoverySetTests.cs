using Ctsft.Data;
using Ctsft.Data.Protocol;

namespace Ctsft.Tests.Data;

public class MeanAndDiscoverySetTests
{
    private static readonly Dataset PoolA =
        PoolSplit.Create(SharedDatasets.Nusax("ind", "train"), splitSeed: 0).PoolA(SharedDatasets.Nusax("ind", "train"));

    private static bool AllCorrect(Example _) => true;

    [Fact]
    public void With_every_example_correct_the_mean_set_is_17_17_16()
    {
        var meanSet = MeanSet.Select(PoolA, AllCorrect, seed: 31);
        Assert.Equal(50, meanSet.Examples.Count);
        Assert.Equal([17, 17, 16], meanSet.Examples.LabelCounts());
        Assert.Equal([17, 17, 16], meanSet.PerClassCounts);
        Assert.Equal([17, 17, 16], meanSet.BalancedQuota);
        Assert.False(meanSet.FellBack);
        Assert.Subset(PoolA.Ids.ToHashSet(), meanSet.Examples.Ids.ToHashSet());
    }

    [Fact]
    public void A_class_short_of_correct_examples_gives_all_it_has_and_the_others_fill_up()
    {
        var neutralCorrect = PoolA.Examples.Where(e => e.Label == 1).Take(5).Select(e => e.Id).ToHashSet();
        bool Correct(Example e) => e.Label != 1 || neutralCorrect.Contains(e.Id);
        var meanSet = MeanSet.Select(PoolA, Correct, seed: 31);
        Assert.True(meanSet.FellBack);
        Assert.Equal([23, 5, 22], meanSet.PerClassCounts);
        Assert.Equal([23, 5, 22], meanSet.Examples.LabelCounts());
        Assert.Equal(5, meanSet.CorrectPerClass[1]);
        Assert.All(meanSet.Examples.Examples, e => Assert.True(Correct(e)));
    }

    [Fact]
    public void Fewer_correct_examples_than_the_size_takes_them_all_and_records_it()
    {
        var correct = PoolA.Examples.Take(20).Select(e => e.Id).ToHashSet();
        var meanSet = MeanSet.Select(PoolA, e => correct.Contains(e.Id), seed: 1);
        Assert.Equal(20, meanSet.Examples.Count);
        Assert.True(meanSet.FellBack);
        Assert.Equal(correct.Order(), meanSet.Examples.Ids.Order());
    }

    [Fact]
    public void The_mean_set_is_fixed_by_its_seed()
    {
        Assert.Equal(MeanSet.Select(PoolA, AllCorrect, 31).Examples.Ids, MeanSet.Select(PoolA, AllCorrect, 31).Examples.Ids);
        Assert.NotEqual(MeanSet.Select(PoolA, AllCorrect, 31).Examples.Ids, MeanSet.Select(PoolA, AllCorrect, 32).Examples.Ids);
    }

    [Fact]
    public void Predictions_decide_which_examples_count_as_correct()
    {
        var predictions = PoolA.Examples.Select((e, i) => i % 2 == 0 ? e.Label : (e.Label + 1) % 3).ToArray();
        var isCorrect = PredictionCheck.FromPredictions(PoolA, predictions);
        var meanSet = MeanSet.Select(PoolA, isCorrect, 7);
        var evenRows = PoolA.Examples.Where((_, i) => i % 2 == 0).Select(e => e.Id).ToHashSet();
        Assert.Subset(evenRows, meanSet.Examples.Ids.ToHashSet());
    }

    [Fact]
    public void Predictions_of_the_wrong_length_are_refused()
    {
        var error = Assert.Throws<BadInputException>(() => PredictionCheck.FromPredictions(PoolA, [0, 1]));
        Assert.Contains("2 predictions for the 400 examples", error.Message);
    }

    [Fact]
    public void No_correct_example_at_all_is_refused()
    {
        var error = Assert.Throws<BadInputException>(() => MeanSet.Select(PoolA, _ => false, 0));
        Assert.Contains("none of the 400 examples", error.Message);
    }

    [Fact]
    public void The_discovery_set_is_50_correct_examples_disjoint_from_the_mean_set_by_default()
    {
        var correct = PoolA.Examples.Where((_, i) => i % 3 != 0).Select(e => e.Id).ToHashSet();
        bool IsCorrect(Example e) => correct.Contains(e.Id);
        var meanSet = MeanSet.Select(PoolA, IsCorrect, 31);
        var discovery = DiscoverySet.Select(PoolA, IsCorrect, 31, meanSet);
        Assert.Equal(50, discovery.Examples.Count);
        Assert.True(discovery.DisjointFromMeanSet);
        Assert.Empty(discovery.Examples.Ids.Intersect(meanSet.Examples.Ids));
        Assert.All(discovery.Examples.Examples, e => Assert.True(IsCorrect(e)));
        Assert.Equal(discovery.Examples.Ids, DiscoverySet.Select(PoolA, IsCorrect, 31, meanSet).Examples.Ids);
    }

    [Fact]
    public void The_discovery_set_may_overlap_the_mean_set_when_asked()
    {
        var correct = PoolA.Examples.Take(60).Select(e => e.Id).ToHashSet();
        bool IsCorrect(Example e) => correct.Contains(e.Id);
        var meanSet = MeanSet.Select(PoolA, IsCorrect, 31);
        Assert.Throws<BadInputException>(() => DiscoverySet.Select(PoolA, IsCorrect, 31, meanSet));
        var overlapping = DiscoverySet.Select(PoolA, IsCorrect, 31, meanSet, new DiscoverySetOptions(DisjointFromMeanSet: false));
        Assert.Equal(50, overlapping.Examples.Count);
        Assert.NotEmpty(overlapping.Examples.Ids.Intersect(meanSet.Examples.Ids));
    }

    [Fact]
    public void Too_few_correct_examples_for_the_discovery_set_says_how_many_were_found()
    {
        var correct = PoolA.Examples.Take(30).Select(e => e.Id).ToHashSet();
        var error = Assert.Throws<BadInputException>(() => DiscoverySet.Select(PoolA, e => correct.Contains(e.Id), 0,
            options: new DiscoverySetOptions(DisjointFromMeanSet: false)));
        Assert.Contains(PoolA.SourceFile, error.Message);
        Assert.Contains("needs 50", error.Message);
        Assert.Contains("found only 30", error.Message);
    }
}
