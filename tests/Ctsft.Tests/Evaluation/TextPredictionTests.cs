using Ctsft.Evaluation;
using Ctsft.Models;
using Ctsft.Tasks;
using Ctsft.Tests.Data;

namespace Ctsft.Tests.Evaluation;

/// <summary><c>ctsft model predict</c>'s domain: label scores and next tokens for one text, against golden.json and MiniLM.</summary>
public class TextPredictionTests
{
    [Theory, MemberData(nameof(TaskEvaluationTests.Fixtures), MemberType = typeof(TaskEvaluationTests))]
    public void Label_scores_of_a_text_are_the_reference_label_logits(string fixture)
    {
        var golden = Golden.For(fixture);
        using var model = FixtureTask.Load(fixture);
        var texts = golden.Root.GetProperty("texts").EnumerateArray().ToArray();
        var singles = golden.Root.GetProperty("singles").EnumerateArray().ToArray();
        for (var i = 0; i < texts.Length; i++)
        {
            var scores = TextPrediction.Classify(model, texts[i].GetProperty("text").GetString()!);
            var expected = singles[i].GetProperty(golden.IsDecoder ? "label_logits" : "logits").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (var l = 0; l < expected.Length; l++)
                Assert.True(Math.Abs(expected[l] - scores.Labels[l].Logit) <= 1e-4 + 1e-4 * Math.Abs(expected[l]), $"text {i} label {l}");
            Assert.Equal(singles[i].GetProperty("prediction").GetInt32(), scores.Predicted);
            Assert.Equal(texts[i].GetProperty("input_ids").GetArrayLength(), scores.PromptTokens);
            Assert.Equal(texts[i].GetProperty("truncated").GetBoolean(), scores.Truncated);
            Assert.Equal(1.0, scores.Labels.Sum(s => s.Probability), 9);
            if (!golden.IsDecoder) continue;
            var full = singles[i].GetProperty("logits_at_readout").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var max = full.Max();
            var sum = full.Sum(v => Math.Exp(v - max));
            foreach (var label in scores.Labels)
                Assert.Equal(Math.Exp(full[label.TokenId!.Value] - max) / sum, label.VocabularyProbability!.Value, 5);
            Assert.Equal(golden.Settings.GetProperty("label_words")[0].GetString(), scores.Labels[0].Word);
        }
    }

    [Fact]
    public void A_decoders_next_tokens_are_the_reference_top_ten_at_the_last_token()
    {
        var golden = Golden.For("tiny-qwen2");
        using var pretrained = PretrainedModel.Load(SharedFolder.Fixture("tiny-qwen2"));
        var text = golden.Root.GetProperty("texts")[0];
        var full = golden.Root.GetProperty("singles")[0].GetProperty("logits_at_readout").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = full.Select((v, id) => (v, id)).OrderByDescending(p => p.v).Take(10).ToArray();
        var max = full.Max();
        var sum = full.Sum(v => Math.Exp(v - max));

        var top = TextPrediction.NextTokens(pretrained, text.GetProperty("prompt").GetString()!);

        Assert.Equal(expected.Select(p => p.id), top.Select(t => t.Id));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(expected[i].v, top[i].Logit, 3);
            Assert.Equal(Math.Exp(expected[i].v - max) / sum, top[i].Probability, 5);
            Assert.Equal(pretrained.Tokenizer.IdToToken(top[i].Id), top[i].Token);
        }
    }

    [Fact]
    public void Next_tokens_of_an_encoder_are_refused_pointing_to_task()
    {
        using var pretrained = PretrainedModel.Load(SharedFolder.Fixture("tiny-bert"));
        Assert.Equal("task", Assert.Throws<BadSettingException>(() => TextPrediction.NextTokens(pretrained, "halo")).Setting);
    }

    [Fact]
    public void Minilm_scores_a_text_pair_as_evaluation_does()
    {
        using var model = TaskModel.Load("minilm", ClassificationTask.Xnli);
        var example = SharedDatasets.Xnli("en", "dev").Examples[0];
        var scores = TextPrediction.Classify(model, example.Text, example.TextPair);
        var evaluated = TaskEvaluation.Evaluate(model, [example]).Predictions[0];
        Assert.Equal(["entailment", "neutral", "contradiction"], scores.Labels.Select(l => l.Label));
        Assert.Equal(evaluated.Logits, scores.Labels.Select(l => l.Logit));
        Assert.Equal(evaluated.Predicted, scores.Predicted);
        Assert.True(model.HasNewClassifier);
        Assert.Null(scores.Labels[0].TokenId);
    }

    [Fact]
    public void An_empty_text_is_refused()
    {
        using var model = TaskModel.Load(SharedFolder.Fixture("tiny-bert"), ClassificationTask.NusaxSenti);
        Assert.Equal("text", Assert.Throws<BadSettingException>(() => TextPrediction.Classify(model, "  ")).Setting);
    }
}
