using Ctsft.Checkpoints;
using Ctsft.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Models;

public class ModelLoaderTests
{
    /// <summary>A copy of a fixture folder whose weights the test rewrites.</summary>
    internal static TempFolder CopyWithWeights(string fixture, Action<Dictionary<string, Tensor>> change, Action<string>? changeConfig = null,
        CheckpointSaveOptions? saveOptions = null)
    {
        var folder = new TempFolder();
        foreach (var file in Directory.EnumerateFiles(SharedFolder.Fixture(fixture)).Where(f => !f.EndsWith(".safetensors")))
            File.Copy(file, folder.File(Path.GetFileName(file)));
        using var source = CheckpointFolder.Open(SharedFolder.Fixture(fixture));
        var tensors = source.ReadAll();
        change(tensors);
        CheckpointFolder.Save(folder.Path, tensors, saveOptions);
        foreach (var t in tensors.Values) t.Dispose();
        changeConfig?.Invoke(folder.File("config.json"));
        return folder;
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        using var folder = CopyWithWeights("tiny-qwen2", t => t.Remove("model.layers.1.mlp.up_proj.weight"));
        var error = Assert.Throws<BadInputException>(() => ModelLoader.Load(folder.Path));
        Assert.Contains("'model.layers.1.mlp.up_proj.weight' is missing", error.Message);
        Assert.Contains(folder.Path, error.Message);
    }

    [Fact]
    public void An_unexpected_tensor_is_named()
    {
        using var folder = CopyWithWeights("tiny-bert", t => t["encoder.layer.7.attention.self.query.weight"] = zeros(64, 64));
        var error = Assert.Throws<BadInputException>(() => ModelLoader.Load(folder.Path));
        Assert.Contains("unexpected tensor 'encoder.layer.7.attention.self.query.weight'", error.Message);
    }

    [Fact]
    public void A_shape_that_disagrees_with_config_json_is_named()
    {
        using var folder = CopyWithWeights("tiny-qwen2", t => { t["model.layers.0.self_attn.k_proj.weight"] = zeros(64, 64); });
        var error = Assert.Throws<BadInputException>(() => ModelLoader.Load(folder.Path));
        Assert.Contains("'model.layers.0.self_attn.k_proj.weight' has shape [64,64] but config.json implies [32,64]", error.Message);
    }

    [Fact]
    public void An_unsupported_architecture_names_the_config()
    {
        using var folder = CopyWithWeights("tiny-bert", _ => { },
            config => File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"bert\"", "\"model_type\": \"deberta-v2\"")));
        var error = Assert.Throws<BadInputException>(() => ModelLoader.Load(folder.Path));
        Assert.Contains("config.json", error.Message);
        Assert.Contains("'deberta-v2', an unsupported architecture", error.Message);
        Assert.Contains("supported: ", error.Message);
        foreach (var type in ModelFamilies.SupportedModelTypes) Assert.Contains(type, error.Message);
        Assert.Contains("xlm-roberta", error.Message);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var error = Assert.Throws<BadInputException>(() => ModelLoader.Load("/nonexistent/model"));
        Assert.Contains("/nonexistent/model", error.Message);
    }

    [Fact]
    public void Names_with_the_bert_prefix_load_as_well()
    {
        using var folder = CopyWithWeights("tiny-bert", t =>
        {
            foreach (var name in t.Keys.Where(n => !n.StartsWith("classifier.")).ToArray())
            {
                t["bert." + name] = t[name];
                t.Remove(name);
            }
        });
        using var loaded = ModelLoader.Load(folder.Path);
        using var original = ModelLoader.Load(SharedFolder.Fixture("tiny-bert"));
        AssertSameParameters(original.Model, loaded.Model);
    }

    [Fact]
    public void A_checkpoint_without_classifier_gets_a_seeded_new_one_and_says_so()
    {
        using var folder = CopyWithWeights("tiny-bert", t => { t.Remove("classifier.weight"); t.Remove("classifier.bias"); });
        using var first = ModelLoader.Load(folder.Path, new ModelLoadOptions { InitSeed = 7 });
        using var second = ModelLoader.Load(folder.Path, new ModelLoadOptions { InitSeed = 7 });
        using var other = ModelLoader.Load(folder.Path, new ModelLoadOptions { InitSeed = 8 });
        Assert.Equal(["classifier.weight", "classifier.bias"], first.Report.NewlyInitialised);
        var weight = (Func<LoadedModel, Tensor>)(m => m.Model.Parameters()["classifier.weight"]);
        Assert.True(weight(first).equal(weight(second)).all().item<bool>());
        Assert.False(weight(first).equal(weight(other)).all().item<bool>());
        Assert.Equal(0.0, first.Model.Parameters()["classifier.bias"].abs().sum().item<float>());
    }

    [Fact]
    public void Other_labels_replace_the_classifier()
    {
        using var loaded = ModelLoader.Load(SharedFolder.Fixture("tiny-bert"), new ModelLoadOptions { Labels = ["a", "b", "c", "d", "e"] });
        Assert.Equal(new long[] { 5, 64 }, loaded.Model.Parameters()["classifier.weight"].shape);
        Assert.Contains("classifier.weight", loaded.Report.NewlyInitialised);
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void A_saved_model_reloads_bit_identically_in_Hugging_Face_layout(string fixture)
    {
        using var original = ModelLoader.Load(SharedFolder.Fixture(fixture));
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "saved");
        ModelSaver.Save(original.Model, target, tokenizerSourceFolder: SharedFolder.Fixture(fixture));
        Assert.True(File.Exists(Path.Combine(target, "tokenizer.json")));
        using (var saved = CheckpointFolder.Open(target))
        using (var stored = CheckpointFolder.Open(SharedFolder.Fixture(fixture)))
        {
            // The checkpoint's own tensors, each once (a tied output embedding is not written twice, an untied one is
            // kept), in Hugging Face's names (the base-model prefix added where the fixture left it out).
            Assert.Equal(stored.Names.Count(), saved.Names.Count());
            foreach (var name in stored.Names)
                Assert.Single(saved.Names, s => ModelStructureTests.SameTensor(s, name));
        }
        using var reloaded = ModelLoader.Load(target);
        AssertSameParameters(original.Model, reloaded.Model);
        Assert.Equal(ModelSaver.ConfigJsonFor(original.Config).ToJsonString(), ModelSaver.ConfigJsonFor(reloaded.Config).ToJsonString());
        Assert.DoesNotContain(Directory.EnumerateDirectories(folder.Path), d => Path.GetFileName(d).Contains(".saving-"));
    }

    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    [Fact]
    public void A_sharded_checkpoint_loads_the_same_weights()
    {
        using var folder = CopyWithWeights("tiny-qwen2", _ => { }, saveOptions: new CheckpointSaveOptions { MaxShardBytes = 100_000 });
        Assert.True(File.Exists(folder.File("model.safetensors.index.json")));
        Assert.True(Directory.EnumerateFiles(folder.Path, "model-*-of-*.safetensors").Count() > 2);
        using var sharded = ModelLoader.Load(folder.Path);
        using var original = ModelLoader.Load(SharedFolder.Fixture("tiny-qwen2"));
        AssertSameParameters(original.Model, sharded.Model);
    }

    [Fact]
    public void A_bfloat16_checkpoint_loads_as_float32_and_saves_back_as_bfloat16()
    {
        using var folder = CopyWithWeights("tiny-bert", _ => { }, saveOptions: new CheckpointSaveOptions { Dtypes = new StoredDtypes(SafetensorsDtype.BF16) });
        using var loaded = ModelLoader.Load(folder.Path);
        using var original = ModelLoader.Load(SharedFolder.Fixture("tiny-bert"));
        var weight = loaded.Model.Parameters()["bert.encoder.layer.0.attention.self.query.weight"];
        Assert.Equal(ScalarType.Float32, weight.dtype);
        var rounded = original.Model.Parameters()["bert.encoder.layer.0.attention.self.query.weight"].to(bfloat16).to(float32);
        Assert.True(weight.equal(rounded).all().item<bool>());
        Assert.All(loaded.Report.SourceDtypes.Values, d => Assert.Equal(SafetensorsDtype.BF16, d));

        var target = Path.Combine(folder.Path, "saved");
        ModelSaver.Save(loaded.Model, target, keepDtypesOf: loaded.Report);
        using (var saved = CheckpointFolder.Open(target))
            Assert.All(saved.Names, n => Assert.Equal(SafetensorsDtype.BF16, saved.Info(n).Dtype));
        Assert.Contains("\"torch_dtype\": \"bfloat16\"", File.ReadAllText(Path.Combine(target, "config.json")));
        using var reloaded = ModelLoader.Load(target);
        AssertSameParameters(loaded.Model, reloaded.Model);
    }

    internal static void AssertSameParameters(TransformerModel expected, TransformerModel actual)
    {
        var a = expected.Parameters();
        var b = actual.Parameters();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, tensor) in a)
            Assert.True(tensor.equal(b[name]).all().item<bool>(), $"{name} differs");
    }
}
