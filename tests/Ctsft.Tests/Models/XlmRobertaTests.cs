using System.Text.Json.Nodes;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Models.XlmRoberta;
using Ctsft.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Models;

/// <summary>
/// What XLM-RoBERTa does differently from BERT (fixtures-next README): positions from padding_idx + 1, the
/// <c>roberta.</c> prefix, the classification head in place of pooler and classifier, head-less checkpoints.
/// Shapes, ids and label counts come from the tiny-xlmr folder.
/// </summary>
public class XlmRobertaTests
{
    private const string Fixture = "tiny-xlmr";

    private static string Folder => SharedFolder.Fixture(Fixture);

    private static XlmRobertaConfig Config => (XlmRobertaConfig)ModelFactory.ReadConfig(Path.Combine(Folder, "config.json"));

    /// <summary>The tiny-xlmr weights under the names a masked-LM checkpoint has: no classifier, an lm_head and a pooler.</summary>
    private static void AsMaskedLm(Dictionary<string, Tensor> tensors, string encoderPrefix)
    {
        var config = Config;
        foreach (var name in tensors.Keys.Where(n => n.StartsWith("classifier.")).ToArray()) tensors.Remove(name);
        foreach (var name in tensors.Keys.ToArray())
        {
            var bare = name["roberta.".Length..];
            tensors[encoderPrefix + bare] = tensors[name];
            if (encoderPrefix + bare != name) tensors.Remove(name);
        }
        var (hidden, vocab) = (config.HiddenSize, config.VocabSize);
        tensors[encoderPrefix + "pooler.dense.weight"] = ones(hidden, hidden);
        tensors[encoderPrefix + "pooler.dense.bias"] = ones(hidden);
        tensors["lm_head.dense.weight"] = ones(hidden, hidden);
        tensors["lm_head.dense.bias"] = ones(hidden);
        tensors["lm_head.layer_norm.weight"] = ones(hidden);
        tensors["lm_head.layer_norm.bias"] = zeros(hidden);
        tensors["lm_head.decoder.weight"] = ones(vocab, hidden);
        tensors["lm_head.bias"] = zeros(vocab);
    }

    private static void WithoutClassifierLabels(string configPath, string architecture)
    {
        var json = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        json.Remove("id2label");
        json.Remove("label2id");
        json["architectures"] = new JsonArray(architecture);
        File.WriteAllText(configPath, json.ToJsonString());
    }

    [Fact]
    public void Every_golden_test_runs_on_tiny_xlmr_and_on_the_first_fixtures()
    {
        Assert.Contains(Fixture, SharedFolder.GoldenModelFolders("encoder"));
        Assert.Superset(new HashSet<string> { "tiny-bert", "tiny-qwen2", Fixture }, SharedFolder.GoldenModelFolders().ToHashSet());
    }

    [Fact]
    public void Position_ids_count_real_tokens_from_padding_idx_plus_one_and_padding_gets_padding_idx()
    {
        var config = Config;
        var pad = config.PadTokenId;
        using var model = new XlmRobertaForSequenceClassification(config);
        using var ids = tensor(new long[,] { { 0, 7, 8, 9, 2 }, { 0, 7, 2, pad, pad } });
        using var positions = model.roberta.embeddings.PositionIds(ids);
        long[] expected = [pad + 1, pad + 2, pad + 3, pad + 4, pad + 5, pad + 1, pad + 2, pad + 3, pad, pad];
        Assert.Equal(expected, positions.data<long>().ToArray());
    }

    [Fact]
    public void The_config_reads_one_token_type_and_the_padding_index_from_config_json()
    {
        var golden = Golden.For(Fixture);
        var config = Config;
        Assert.Equal(golden.Settings.GetProperty("pad_token_id").GetInt32(), config.PadTokenId);
        Assert.Equal(1, config.TypeVocabSize);
        Assert.Equal("roberta.", config.EncoderPrefix);
        Assert.Equal(golden.Settings.GetProperty("label_names").EnumerateArray().Select(e => e.GetString()), config.Labels);
    }

    [Fact]
    public void Names_without_the_roberta_prefix_load_the_same_weights()
    {
        using var folder = ModelLoaderTests.CopyWithWeights(Fixture, tensors =>
        {
            foreach (var name in tensors.Keys.Where(n => n.StartsWith("roberta.")).ToArray())
            {
                tensors[name["roberta.".Length..]] = tensors[name];
                tensors.Remove(name);
            }
        });
        using var stored = Ctsft.Checkpoints.CheckpointFolder.Open(folder.Path);
        Assert.DoesNotContain(stored.Names, n => n.StartsWith("roberta."));
        using var loaded = ModelLoader.Load(folder.Path);
        using var original = ModelLoader.Load(Folder);
        Assert.Empty(loaded.Report.NewlyInitialised);
        ModelLoaderTests.AssertSameParameters(original.Model, loaded.Model);
    }

    [Theory]
    [InlineData("roberta.", "XLMRobertaForMaskedLM")]   // XLMRobertaForMaskedLM: roberta.* and lm_head.*
    [InlineData("", "XLMRobertaModel")]                 // XLMRobertaModel: no prefix, a pooler
    public void A_checkpoint_without_a_classification_head_gets_a_seeded_one_and_its_pretraining_parts_are_ignored(string prefix, string architecture)
    {
        using var folder = ModelLoaderTests.CopyWithWeights(Fixture, t => AsMaskedLm(t, prefix), c => WithoutClassifierLabels(c, architecture));
        var labels = ClassificationTask.NusaxSenti.LabelNames;
        var options = new ModelLoadOptions { Labels = labels, InitSeed = 7 };
        using var first = ModelLoader.Load(folder.Path, options);
        using var second = ModelLoader.Load(folder.Path, options);
        using var other = ModelLoader.Load(folder.Path, options with { InitSeed = 8 });
        using var original = ModelLoader.Load(Folder);

        Assert.Equal(["classifier.dense.weight", "classifier.dense.bias", "classifier.out_proj.weight", "classifier.out_proj.bias"],
            first.Report.NewlyInitialised);
        Assert.Contains("lm_head.decoder.weight", first.Report.Ignored);
        Assert.Contains(prefix + "pooler.dense.weight", first.Report.Ignored);
        var head = (Func<LoadedModel, string, Tensor>)((m, name) => m.Model.Parameters()[name]);
        foreach (var weight in new[] { "classifier.dense.weight", "classifier.out_proj.weight" })
        {
            Assert.True(head(first, weight).equal(head(second, weight)).all().item<bool>(), $"{weight}: same seed, other values");
            Assert.False(head(first, weight).equal(head(other, weight)).all().item<bool>(), $"{weight}: other seed, same values");
            Assert.False(head(first, weight).equal(head(original, weight)).all().item<bool>(), $"{weight} was not created anew");
        }
        Assert.Equal(new long[] { labels.Count, Config.HiddenSize }, head(first, "classifier.out_proj.weight").shape);
        Assert.Equal(0.0, head(first, "classifier.out_proj.bias").abs().sum().item<float>());
        foreach (var (name, parameter) in original.Model.Parameters().Where(p => !p.Key.StartsWith("classifier.")))
            Assert.True(parameter.equal(first.Model.Parameters()[name]).all().item<bool>(), $"{name} was not read from the checkpoint");
    }

    [Fact]
    public void A_head_less_checkpoint_is_a_task_model_with_a_new_classifier_and_saves_as_a_sequence_classifier()
    {
        using var folder = ModelLoaderTests.CopyWithWeights(Fixture, t => AsMaskedLm(t, "roberta."), c => WithoutClassifierLabels(c, "XLMRobertaForMaskedLM"));
        using var model = TaskModel.Load(folder.Path, ClassificationTask.NusaxSenti, initSeed: 3);
        Assert.True(model.HasNewClassifier);
        using var target = new TempFolder();
        ModelSaver.Save(model.Model, target.File("saved"), tokenizerSourceFolder: folder.Path);
        var config = JsonNode.Parse(File.ReadAllText(target.File("saved/config.json")))!.AsObject();
        Assert.Equal("XLMRobertaForSequenceClassification", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("xlm-roberta", config["model_type"]!.GetValue<string>());
        Assert.Equal(ClassificationTask.NusaxSenti.LabelNames, config["id2label"]!.AsObject().Select(p => p.Value!.GetValue<string>()));
        using var saved = Ctsft.Checkpoints.CheckpointFolder.Open(target.File("saved"));
        Assert.DoesNotContain(saved.Names, n => n.StartsWith("lm_head.") || n.Contains("pooler"));
        Assert.Contains("classifier.out_proj.weight", saved.Names);
        using var reloaded = TaskModel.Load(target.File("saved"), ClassificationTask.NusaxSenti);
        Assert.False(reloaded.HasNewClassifier);
        ModelLoaderTests.AssertSameParameters(model.Model, reloaded.Model);
    }

    [Fact]
    public void The_roberta_model_type_is_the_same_code_path_and_saves_as_RobertaForSequenceClassification()
    {
        using var folder = ModelLoaderTests.CopyWithWeights(Fixture, _ => { },
            c => File.WriteAllText(c, File.ReadAllText(c).Replace("\"xlm-roberta\"", "\"roberta\"")));
        using var roberta = ModelLoader.Load(folder.Path);
        Assert.Equal("roberta", roberta.Config.ModelType);
        using var xlmr = ModelLoader.Load(Folder);
        var single = Golden.For(Fixture).Root.GetProperty("singles")[0];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = Golden.Input(single.GetProperty("input_ids"));
        Assert.True(roberta.Model.Forward(input).Logits!.equal(xlmr.Model.Forward(input).Logits!).all().item<bool>());
        Assert.Equal("RobertaForSequenceClassification", ModelSaver.ConfigJsonFor(roberta.Config)["architectures"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_saved_model_keeps_a_tokenizer_that_is_only_a_sentencepiece_model()
    {
        var source = Ctsft.Tests.Text.TokenizerFixtures.CaseFolder("xlmr-unigram");
        using var folder = ModelLoaderTests.CopyWithWeights(Fixture, _ => { });
        File.Delete(folder.File(Ctsft.Text.TokenizerLoader.TokenizerJsonFile));
        foreach (var file in new[] { "sentencepiece.bpe.model", Ctsft.Text.TokenizerLoader.ConfigFile })
            File.Copy(Path.Combine(source, file), folder.File(file), overwrite: true);
        using var loaded = ModelLoader.Load(folder.Path);
        using var target = new TempFolder();
        ModelSaver.Save(loaded.Model, target.File("saved"), tokenizerSourceFolder: folder.Path);
        Assert.Equal(File.ReadAllBytes(folder.File("sentencepiece.bpe.model")), File.ReadAllBytes(target.File("saved/sentencepiece.bpe.model")));
        var original = Ctsft.Text.TokenizerLoader.FromFolder(folder.Path);
        Assert.Equal(original.Encode("Halo dunia").Ids, Ctsft.Text.TokenizerLoader.FromFolder(target.File("saved")).Encode("Halo dunia").Ids);
    }
}
