using Ctsft.Hub;
using Ctsft.Models;
using Ctsft.Models.Embedded;
using Ctsft.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Ctsft.Tests.Models.Embedded;

/// <summary>The embedded all-MiniLM-L6-v2: built into a Hugging Face folder, and equal to ONNX Runtime on the package's own graph.</summary>
public class MiniLmTests
{
    private static readonly string[] Sentences =
    [
        "Makanannya enak sekali, saya puas.",
        "The service was slow and the food was cold!",
        "Pelayanan biasa saja, tidak istimewa\ttapi harganya murah 🙂",
    ];

    [Fact]
    public void Minilm_resolves_to_a_hugging_face_bert_folder()
    {
        var folder = ModelSource.Resolve("minilm");
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        var config = (Ctsft.Models.Bert.BertConfig)ModelFactory.ReadConfig(Path.Combine(folder, "config.json"));
        Assert.Equal((6, 384, 12, 1536, 30522), (config.NumLayers, config.HiddenSize, config.NumAttentionHeads, config.IntermediateSize, config.VocabSize));
        Assert.Equal(folder, ModelSource.Resolve("MiniLM"));
    }

    [Fact]
    public void A_fresh_cache_builds_the_folder_once_and_atomically()
    {
        using var cache = new TempFolder();
        var folder = EmbeddedModels.Materialise(EmbeddedModels.MiniLm, cache.Path);
        var written = File.GetLastWriteTimeUtc(Path.Combine(folder, "model.safetensors"));
        Assert.Equal(folder, EmbeddedModels.Materialise(EmbeddedModels.MiniLm, cache.Path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, "model.safetensors")));
        Assert.Equal([Path.GetFileName(folder)], Directory.EnumerateFileSystemEntries(cache.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Outputs_match_onnx_runtime_on_the_package_graph()
    {
        using var pretrained = PretrainedModel.Load("minilm");
        var encoded = pretrained.Tokenizer.EncodeBatch(Sentences);
        var (rows, width) = (encoded.Rows, encoded.Width);

        byte[] onnx;
        using (var package = EmbeddedModelPackage.Open(EmbeddedModels.MiniLm.AssemblyFile))
        using (var stream = package.Resource(EmbeddedModels.MiniLm.ResourcePrefix + "model.onnx"))
        using (var memory = new MemoryStream())
        {
            stream.CopyTo(memory);
            onnx = memory.ToArray();
        }
        using var session = new InferenceSession(onnx);
        DenseTensor<long> Input(long[,] values) => new(values.Cast<long>().ToArray(), [rows, width]);
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", Input(encoded.InputIds)),
            NamedOnnxValue.CreateFromTensor("attention_mask", Input(encoded.AttentionMask)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", Input(encoded.TokenTypeIds)),
        ]);
        var ortHidden = results.First(r => r.Name == "last_hidden_state").AsTensor<float>().ToArray();
        var ortPooled = results.First(r => r.Name != "last_hidden_state").AsTensor<float>().ToArray();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = new ModelInput(
            tensor(encoded.InputIds.Cast<long>().ToArray(), [rows, width]),
            tensor(encoded.AttentionMask.Cast<long>().ToArray(), [rows, width]),
            tensor(encoded.TokenTypeIds.Cast<long>().ToArray(), [rows, width]));
        var output = pretrained.Model.Forward(input);
        var mask = input.AttentionMask.unsqueeze(-1).to(float32);
        TensorAssert.Close(tensor(ortHidden, [rows, width, 384]) * mask, output.Hidden * mask, 1e-4, 1e-4, "last hidden state (real tokens)");
        TensorAssert.Close(tensor(ortPooled, [rows, 384]), output.Pooled!, 1e-4, 1e-4, "pooler output");
    }
}
