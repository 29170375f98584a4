using Ctsft.Models;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Tests.Training;

/// <summary>--hidden-dropout and --attention-dropout replace the config's rates for training (method.md 4: every default is an option).</summary>
public class DropoutOptionTests
{
    private static Tensor TrainModeLogits(string fixture, TaskModel model, bool training)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(5);
        model.Model.train(training);
        using var batch = model.Readout.Encode(TinyTraining.Examples(fixture, 4));
        return model.Readout.LabelLogits(model.Model, batch).MoveToOuterDisposeScope();
    }

    [Theory, MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void Rates_given_at_load_replace_the_configs_and_a_family_without_one_refuses_it_by_option(string fixture)
    {
        var encoder = ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json")).Kind == ModelKind.Encoder;
        (double? Hidden, double? Attention) none = (encoder ? 0.0 : null, 0.0);
        using (var model = TaskModel.Load(SharedFolder.Fixture(fixture), FixtureTask.For(fixture), dropout: none))
        using (var eval = TrainModeLogits(fixture, model, false))
        using (var train = TrainModeLogits(fixture, model, true))
            Assert.True(Bits.Identical(eval, train), $"{fixture}: dropout 0 still changed a train-mode forward");
        using (var model = TaskModel.Load(SharedFolder.Fixture(fixture), FixtureTask.For(fixture), dropout: (none.Hidden, 0.5)))
        using (var eval = TrainModeLogits(fixture, model, false))
        using (var train = TrainModeLogits(fixture, model, true))
            Assert.False(eval.allclose(train), $"{fixture}: attention dropout 0.5 changed nothing in training mode");
        if (!encoder)
            Assert.Equal("hidden_dropout", Assert.Throws<BadSettingException>(() => TaskModel.Load(SharedFolder.Fixture(fixture), FixtureTask.For(fixture), dropout: (0.1, null))).Setting);
    }
}
