using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;
using Ctsft.Text;
using static TorchSharp.torch;

namespace Ctsft.Tests.Tasks;

/// <summary>Prompts, truncation and label logits of both families against every fixture's golden.json.</summary>
public class TaskReadoutTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    private static TaskModel Load(string fixture) => FixtureTask.Load(fixture);

    private static Example[] GoldenTexts(Golden golden) =>
        golden.Root.GetProperty("texts").EnumerateArray()
            .Select((t, i) => new Example(i.ToString(), t.GetProperty("text").GetString()!, null, 0)).ToArray();

    [Theory, MemberData(nameof(Fixtures))]
    public void Examples_encode_to_the_reference_ids_with_truncation_keeping_the_template(string fixture)
    {
        var golden = Golden.For(fixture);
        using var model = Load(fixture);
        var texts = golden.Root.GetProperty("texts").EnumerateArray().ToArray();
        var examples = GoldenTexts(golden);
        for (var i = 0; i < examples.Length; i++)
        {
            var encoded = model.Readout.Encode(examples[i]);
            Assert.Equal(Golden.Longs(texts[i].GetProperty("input_ids")), encoded.InputIds);
            Assert.Equal(texts[i].GetProperty("truncated").GetBoolean(), encoded.Truncated);
            Assert.Equal(golden.IsDecoder ? encoded.InputIds.Length - 1 : 0, encoded.ReadoutPosition);
        }
        if (golden.IsDecoder)
        {
            var decoder = (DecoderReadout)model.Readout;
            Assert.Equal(Golden.Longs(golden.Settings.GetProperty("label_token_ids")), decoder.LabelTokenIds);
            Assert.Equal(Golden.Longs(golden.Settings.GetProperty("template_suffix_ids")), decoder.SuffixIds);
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Label_logits_match_the_reference_in_any_batch(string fixture)
    {
        var golden = Golden.For(fixture);
        using var model = Load(fixture);
        using var scope = NewDisposeScope();
        var examples = GoldenTexts(golden);
        var expected = stack(golden.Root.GetProperty("singles").EnumerateArray()
            .Select(s => Golden.Tensor(s.GetProperty(golden.IsDecoder ? "label_logits" : "logits"))).ToArray());
        foreach (var batchSize in new[] { 1, 4, 6 })
            TensorAssert.Close(expected, model.LabelLogits(examples, batchSize), 1e-4, 1e-4, $"label logits, batches of {batchSize}");
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Padding_and_batch_order_never_change_a_prediction(string fixture)
    {
        using var model = Load(fixture);
        using var scope = NewDisposeScope();
        var examples = GoldenTexts(Golden.For(fixture));
        var alone = cat(examples.Select(e => model.LabelLogits([e])).ToArray());
        var reversed = model.LabelLogits(examples.Reverse().ToArray(), batchSize: 3).flip(0);
        TensorAssert.Close(alone, reversed, 1e-5, 1e-5, "reversed, padded batches");
        Assert.Equal(alone.argmax(1).data<long>().ToArray(), reversed.argmax(1).data<long>().ToArray());
    }

    [Fact]
    public void A_label_word_of_several_tokens_is_refused_showing_how_it_tokenizes()
    {
        var task = ClassificationTask.Custom("custom", ["negative", "neutral", "positive"], "{text} | sentiment:", [" negative", " neutralish", " positive"]);
        var error = Assert.Throws<BadInputException>(() => TaskModel.Load(SharedFolder.Fixture("tiny-qwen2"), task));
        Assert.Contains("label word ' neutralish' (label neutral) is not one token", error.Message);
        Assert.Contains("tokenizes as [", error.Message);
    }

    [Fact]
    public void Two_texts_fill_a_pair_template()
    {
        var template = new PromptTemplate("Premise: {premise} Hypothesis: {hypothesis} Label:");
        Assert.Equal(" Label:", template.Suffix);
        Assert.Equal(("Premise: a b Hypothesis: c", " Label:"), template.Render("a b", "c"));
        Assert.Throws<BadInputException>(() => template.Render("a", null));
    }

    [Theory]
    [InlineData("no slot here")]
    [InlineData("{text} and {text_pair} and {hypothesis}")]
    [InlineData("{text} {label}")]
    public void A_malformed_template_is_refused(string template)
    {
        var error = Assert.Throws<BadInputException>(() => new PromptTemplate(template));
        Assert.Contains(template, error.Message);
    }

    [Fact]
    public void An_encoder_with_another_label_count_is_refused()
    {
        using var pretrained = PretrainedModel.Load(SharedFolder.Fixture("tiny-bert"), new ModelLoadOptions { Labels = ["a", "b"] });
        var error = Assert.Throws<BadInputException>(() => TaskReadout.Create(ClassificationTask.NusaxSenti, pretrained.Model, pretrained.Tokenizer));
        Assert.Contains("2 outputs", error.Message);
    }
}
