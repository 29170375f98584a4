using Ctsft.Scopes;
using Ctsft.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ctsft.Tests.Training;

/// <summary>
/// A head-scope step with slices computes no gradient for a frozen tensor: after its backward, only the norms and the
/// slice tensors hold gradients; every projection matrix, the embedding matrices and everything else frozen holds none.
/// </summary>
public class FrozenGradientTests
{
    [Theory, MemberData(nameof(TinyTraining.Fixtures), MemberType = typeof(TinyTraining))]
    public void A_slice_scope_backward_leaves_every_frozen_tensor_without_a_gradient(string fixture)
    {
        using var model = TinyTraining.Load(fixture);
        var selection = ParameterScope.OfHeads(TinyTraining.Heads(model.Model.Config)).Select(model.Model);
        using var binding = new ScopeBinding(model.Model, selection, GradientMasking.Slices);
        using (var scope = NewDisposeScope())
        {
            model.Model.train();
            using var batch = model.Readout.Encode(TinyTraining.Examples(fixture, 4));
            F.cross_entropy(model.Readout.LabelLogits(model.Model, batch), batch.Labels).backward();
        }
        var whole = selection.WholeTensors.ToHashSet(StringComparer.Ordinal);
        var withGradient = model.Model.named_parameters().Where(p => p.parameter.grad is not null).Select(p => p.name).ToArray();
        Assert.Equal(whole.Order(StringComparer.Ordinal), withGradient.Order(StringComparer.Ordinal));
        Assert.All(model.Model.EmbeddingParameterNames, name => Assert.DoesNotContain(name, withGradient));
        Assert.All(binding.Tensors, t => Assert.True(t.Value.grad is not null, $"{fixture}: {t.Name} trains but got no gradient"));
        binding.ZeroGradients();
    }
}
