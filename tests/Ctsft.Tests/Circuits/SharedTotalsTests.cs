using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Tests.Circuits;

/// <summary>
/// The ordinary totals shared by the passes over one batch: the first pass through a point records them, later passes
/// replay them, and beta is still computed per pass. (Scoring every head at once, where later source layers replay what
/// earlier ones recorded, against one head at a time is <see cref="DecompositionPropertyTests"/>.)
/// </summary>
public class SharedTotalsTests
{
    private static Decomposed Block(Decomposed x, Tensor weight, Tensor bias)
    {
        var projected = CdtRules.Collapse(CdtRules.Linear(x, weight, bias), enabled: true);
        return CdtRules.Add(x, CdtRules.Activation(projected, t => t.tanh_()));
    }

    [Fact]
    public void A_later_pass_through_a_point_replays_the_recorded_totals_and_computes_its_own_beta()
    {
        using var scope = NewDisposeScope();
        var weight = tensor(new double[] { 1, -1, 0.5, 2, 0, 1, -0.5, 1, 1 }, [3, 3]);
        var bias = tensor(new double[] { 0.5, -1, 0.25 });
        var total = tensor(new double[] { 0.5, -1, 2, 0.25, 3, -0.75 }, [2, 3]);
        var first = new Decomposed(tensor(new double[] { 1, 0, -2, 0.5, 1, 0 }, [1, 2, 3]), total);
        var secondBeta = tensor(new double[] { 0, -3, 1, 0.25, 0, 2, 1, 1, -1, 0, 0.5, 0 }, [2, 2, 3]);
        var shifted = new Decomposed(secondBeta, total + 1);  // a later pass whose own total differs: it must not be read
        using var totals = new SharedTotals();
        Decomposed recorded, replayed, elsewhere;
        using (totals.At("layer"))
            recorded = Block(first, weight, bias);
        using (totals.At("layer"))
            replayed = Block(shifted, weight, bias);
        using (totals.At("another layer"))
            elsewhere = Block(shifted, weight, bias);
        TensorAssert.Close(recorded.Total, replayed.Total, 0, 0, "the replayed total is the recorded one");
        TensorAssert.Close(Block(new Decomposed(secondBeta, total), weight, bias).Beta, replayed.Beta, 0, 0, "beta, computed against the recorded totals");
        TensorAssert.Close(Block(shifted, weight, bias).Total, elsewhere.Total, 0, 0, "another point computes its own");
        Assert.False(recorded.Total.allclose(elsewhere.Total));
    }
}
