using Ctsft.Data;
using Ctsft.Data.Protocol;
using Ctsft.Tasks;
using Ctsft.Tests.Data;

namespace Ctsft.Tests.Evaluation;

/// <summary>The XNLI 128-token prompt filter, counted under tiny-qwen2's tokenizer and the XNLI template.</summary>
public class PromptTokenCounterTests
{
    private static readonly string[] Languages = ["en", "es"];

    // tiny-qwen2's small vocabulary has no single token for " entail"; the count never depends on label words.
    private static readonly ClassificationTask XnliWithFixtureWords = ClassificationTask.Custom(
        "xnli", ClassificationTask.Xnli.LabelNames, ClassificationTask.Xnli.Template.Template, [" positive", " neutral", " negative"]);

    [Theory, MemberData(nameof(TaskEvaluationTests.Fixtures), MemberType = typeof(TaskEvaluationTests))]
    public void The_count_is_the_untruncated_length_of_the_encoded_prompt(string fixture)
    {
        using var model = TaskModel.Load(SharedFolder.Fixture(fixture), XnliWithFixtureWords);
        var count = PromptTokenCounter.Load(SharedFolder.Fixture(fixture), ClassificationTask.Xnli);
        foreach (var example in SharedDatasets.Xnli("th", "dev").Examples.Take(60))
        {
            var encoded = model.Readout.Encode(example);
            Assert.Equal(encoded.Truncated, count(example) > 128);
            if (!encoded.Truncated) Assert.Equal(encoded.InputIds.Length, count(example));
        }
        if (!Golden.For(fixture).IsDecoder)
        {
            var pair = SharedDatasets.Xnli("en", "dev").Examples[0];
            Assert.Equal(model.Readout.Tokenizer.Encode(pair.Text, pair.TextPair).Ids.Count, count(pair));
        }
    }

    [Fact]
    public void Xnli_subsets_under_tiny_qwen2_keep_only_prompts_of_at_most_128_tokens_in_every_language()
    {
        var dev = Languages.Select(l => SharedDatasets.Xnli(l, "dev")).ToArray();
        var test = Languages.Select(l => SharedDatasets.Xnli(l, "test")).ToArray();
        var count = PromptTokenCounter.Load(SharedFolder.Fixture("tiny-qwen2"), ClassificationTask.Xnli);
        var tooLong = dev.Concat(test).SelectMany(d => d.Examples.Where(e => count(e) > 128).Select(e => (d.Split, e.Id))).ToHashSet();
        Assert.NotEmpty(tooLong);

        var subsets = XnliSubsets.Build(dev, test, count, seed: 0);

        foreach (var language in Languages)
        {
            var chosen = subsets.ByLanguage[language];
            Assert.All(chosen.Train.Examples.Concat(chosen.Valid.Examples).Concat(chosen.Test.Examples), e => Assert.True(count(e) <= 128));
        }
        Assert.DoesNotContain(subsets.TrainIds.Concat(subsets.ValidIds), id => tooLong.Contains(("dev", id)));
        Assert.DoesNotContain(subsets.TestIds, id => tooLong.Contains(("test", id)));
        var unfiltered = XnliSubsets.Build(dev, test, _ => 0, seed: 0);
        Assert.NotEqual(unfiltered.TrainIds, subsets.TrainIds);
    }

    [Fact]
    public void Data_split_with_a_model_applies_the_filter_and_says_so()
    {
        var count = PromptTokenCounter.Load(SharedFolder.Fixture("tiny-qwen2"), ClassificationTask.Xnli);
        var summary = SplitSummary.Build(Xnli.Task, SharedFolder.Data, "es", new SplitSettings(), count, "tiny-qwen2");
        Assert.Contains(summary.Notes, n => n.Contains("at most 128 tokens") && n.Contains("tiny-qwen2"));
        var es = SharedDatasets.Xnli("es", "dev");
        var en = SharedDatasets.Xnli("en", "dev");
        var poolIds = summary.Rows.Single(r => r.Subset == "Pool A").Ids.Concat(summary.Rows.Single(r => r.Subset == "Pool B").Ids).ToArray();
        Assert.Equal(500, poolIds.Length);
        Assert.All(poolIds, id => Assert.True(count(es[id]) <= 128 && count(en[id]) <= 128, id));
    }

    [Fact]
    public void A_language_whose_prompts_rarely_fit_is_refused_naming_the_file_and_counts()
    {
        // Thai in tiny-qwen2's byte-level vocabulary: about three tokens per character, so almost no prompt fits.
        var count = PromptTokenCounter.Load(SharedFolder.Fixture("tiny-qwen2"), ClassificationTask.Xnli);
        var error = Assert.Throws<BadInputException>(() => SplitSummary.Build(Xnli.Task, SharedFolder.Data, "th", new SplitSettings(), count, "tiny-qwen2"));
        Assert.Contains("xnli/en/dev.tsv", error.Message);
        Assert.Contains("at most 128 tokens in every language (en, th)", error.Message);
    }
}
