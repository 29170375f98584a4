using Ctsft.Scopes;
using Ctsft.Training;
using static TorchSharp.torch;

namespace Ctsft.Tests.Training;

public class FrozenEntriesTests
{
    public static TheoryData<string, GradientMasking> FixturesAndMaskings()
    {
        var data = new TheoryData<string, GradientMasking>();
        foreach (var fixture in SharedFolder.GoldenModelFolders())
            foreach (var masking in Enum.GetValues<GradientMasking>())
                data.Add(fixture, masking);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndMaskings))]
    public void Every_frozen_entry_of_every_tensor_is_bit_identical_after_training_with_weight_decay(string fixture, GradientMasking masking)
    {
        using var model = TinyTraining.Load(fixture);
        var scope = ParameterScope.OfHeads(TinyTraining.Heads(model.Model.Config));
        var selection = scope.Select(model.Model);
        var before = TinyTraining.Snapshot(model.Model);
        var (result, _) = TinyTraining.Train(model, scope, TinyTraining.Settings(weightDecay: 0.1, masking: masking), TinyTraining.Examples(8));
        Assert.Equal(TrainingStatus.Completed, result.Status);

        var after = TinyTraining.Snapshot(model.Model);
        var changedTensors = 0;
        foreach (var (name, old) in before)
        {
            using var mask = selection.Mask(name, old.shape).to_type(ScalarType.Bool);
            using var frozen = mask.logical_not();
            Assert.True(Bits.Identical(old.masked_select(frozen), after[name].masked_select(frozen)), $"{fixture} {masking}: a frozen entry of {name} changed");
            if (mask.any().item<bool>())
            {
                Assert.False(Bits.Identical(old.masked_select(mask), after[name].masked_select(mask)), $"{fixture} {masking}: no trainable entry of {name} moved");
                changedTensors++;
            }
        }
        Assert.Equal(selection.WholeTensors.Concat(selection.SlicedTensors).Distinct().Count(), changedTensors);
    }

    [Theory]
    [MemberData(nameof(FixturesAndMaskings))]
    public void Optimiser_state_exists_only_for_trainable_entries(string fixture, GradientMasking masking)
    {
        using var model = TinyTraining.Load(fixture);
        var scope = ParameterScope.OfHeads(TinyTraining.Heads(model.Model.Config));
        var selection = scope.Select(model.Model);
        var shapes = model.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        using var binding = new ScopeBinding(model.Model, selection, masking);
        using var optimizer = new MaskedAdamW(binding.Tensors, TinyTraining.Settings(masking: masking));
        Assert.Equal(selection.CountTrainable(shapes), binding.TrainableCount);
        Assert.Equal(binding.TrainableCount, optimizer.StateEntries);
        Assert.True(optimizer.StateEntries < model.Model.CountParameters() / 4);
    }

    [Theory]
    [MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void The_classifier_and_output_embedding_are_frozen_in_norms_and_heads_and_train_in_full(string fixture)
    {
        using var model = TinyTraining.Load(fixture);
        var config = model.Model.Config;
        string[] outputs = model.Model is Ctsft.Models.IDecoderModel
            ? ["model.embed_tokens.weight"]
            : [.. model.Model.named_parameters().Select(p => p.name).Where(config.IsTaskHead)];   // BERT's classifier, XLM-R's dense and out_proj
        Assert.NotEmpty(outputs);
        var heads = ParameterScope.OfHeads(TinyTraining.Heads(config)).Select(model.Model);
        foreach (var output in outputs)
        {
            Assert.DoesNotContain(output, ParameterScope.Norms.Select(model.Model).WholeTensors);
            Assert.DoesNotContain(output, heads.WholeTensors);
            Assert.DoesNotContain(heads.Slices, s => s.TensorName == output);
            Assert.Contains(output, ParameterScope.Full.Select(model.Model).WholeTensors);
        }
    }
}
