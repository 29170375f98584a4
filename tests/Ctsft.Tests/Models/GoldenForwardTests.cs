using Ctsft.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Models;

/// <summary>Forward passes of every fixture model against golden.json (logits, hidden states, heads' z) to 1e-4.</summary>
public class GoldenForwardTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    private static LoadedModel Load(string fixture) => ModelLoader.Load(SharedFolder.Fixture(fixture));

    [Theory, MemberData(nameof(Fixtures))]
    public void Single_texts_give_the_reference_logits(string fixture)
    {
        var golden = Golden.For(fixture);
        using var loaded = Load(fixture);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var single in golden.Root.GetProperty("singles").EnumerateArray())
        {
            var input = Golden.Input(single.GetProperty("input_ids"));
            var output = loaded.Model.Forward(input);
            var readout = single.GetProperty("readout_position").GetInt32();
            var name = single.GetProperty("name").GetString();
            if (golden.IsDecoder)
            {
                var decoder = (IDecoderModel)loaded.Model;
                var logits = decoder.VocabularyLogits(output.Hidden[0, readout]);
                TensorAssert.Close(Golden.Tensor(single.GetProperty("logits_at_readout")), logits, Tolerance, Tolerance, $"{name} logits");
                var labelIds = Golden.Longs(golden.Settings.GetProperty("label_token_ids"));
                var labelLogits = decoder.VocabularyLogits(output.Hidden[0, readout], labelIds);
                TensorAssert.Close(Golden.Tensor(single.GetProperty("label_logits")), labelLogits, Tolerance, Tolerance, $"{name} label logits");
                Assert.Equal(single.GetProperty("prediction").GetInt64(), labelLogits.argmax().item<long>());
            }
            else
            {
                TensorAssert.Close(Golden.Tensor(single.GetProperty("logits")), output.Logits![0], Tolerance, Tolerance, $"{name} logits");
                TensorAssert.Close(Golden.Tensor(single.GetProperty("pooled")), output.Pooled![0], Tolerance, Tolerance, $"{name} pooled");
                Assert.Equal(single.GetProperty("prediction").GetInt64(), output.Logits![0].argmax().item<long>());
            }
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void A_right_padded_batch_gives_the_reference_logits(string fixture)
    {
        var golden = Golden.For(fixture);
        var batch = golden.Root.GetProperty("batch");
        using var loaded = Load(fixture);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = Golden.Input(batch.GetProperty("input_ids"), batch.GetProperty("attention_mask"));
        var output = loaded.Model.Forward(input);
        if (golden.IsDecoder)
        {
            var decoder = (IDecoderModel)loaded.Model;
            var positions = tensor(Golden.Longs(batch.GetProperty("readout_positions")));
            Assert.Equal(positions.data<long>().ToArray(), input.LastRealPositions().data<long>().ToArray());
            var atReadout = output.Hidden[arange(input.BatchSize), positions];
            TensorAssert.Close(Golden.Tensor(batch.GetProperty("logits_at_readout")), decoder.VocabularyLogits(atReadout), Tolerance, Tolerance, "batch logits");
            var labelIds = Golden.Longs(golden.Settings.GetProperty("label_token_ids"));
            TensorAssert.Close(Golden.Tensor(batch.GetProperty("label_logits")), decoder.VocabularyLogits(atReadout, labelIds), Tolerance, Tolerance, "batch label logits");
        }
        else
        {
            TensorAssert.Close(Golden.Tensor(batch.GetProperty("logits")), output.Logits!, Tolerance, Tolerance, "batch logits");
        }
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Hidden_states_and_head_outputs_match_the_reference(string fixture)
    {
        var golden = Golden.For(fixture);
        var reference = golden.Root.GetProperty("hidden_states");
        using var loaded = Load(fixture);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var cache = ActivationCache.Run(loaded.Model, Golden.Input(reference.GetProperty("input_ids")), out var output);
        var layers = Enumerable.Range(0, loaded.Config.NumLayers + 1).Select(l => cache.ResidualEntering(l)[0]).ToArray();
        var z = Enumerable.Range(0, loaded.Config.NumLayers).Select(l => cache.HeadOutputs(l)[0]).ToArray();

        TensorAssert.Close(Golden.Tensor(reference.GetProperty("layers")), stack(layers), Tolerance, Tolerance, "hidden states");
        TensorAssert.Close(Golden.Tensor(reference.GetProperty("z")), stack(z), Tolerance, Tolerance, "head outputs z");
        if (golden.IsDecoder)
            TensorAssert.Close(Golden.Tensor(reference.GetProperty("final_norm")), output.Hidden[0], Tolerance, Tolerance, "final norm");
        else
            TensorAssert.Close(Golden.Tensor(reference.GetProperty("pooled")), output.Pooled![0], Tolerance, Tolerance, "pooled");
    }
}
