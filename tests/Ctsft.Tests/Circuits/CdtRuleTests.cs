using Ctsft.Circuits;
using static TorchSharp.torch;

namespace Ctsft.Tests.Circuits;

/// <summary>Each CD-T rule of method.md 5.3 and 9 on hand-made numbers.</summary>
public class CdtRuleTests
{
    private static Decomposed Pair(double[] beta, double[] gamma) => Decomposed.FromParts(tensor(beta), tensor(gamma));

    private static void Equal(double[] expected, Tensor actual) => TensorAssert.Close(tensor(expected), actual.flatten(), 1e-12, 0, "rule");

    [Fact]
    public void Linear_splits_the_bias_in_proportion_and_gives_all_of_it_to_gamma_where_both_parts_are_zero()
    {
        using var scope = NewDisposeScope();
        var weight = tensor(new double[] { 1, 0, 0, 1, 0, 0 }, [3, 2]);
        var bias = tensor(new double[] { 4, 4, 4 });
        var y = CdtRules.Linear(Pair([1, -3], [3, 1]), weight, bias);
        Equal([1 + 4 * 0.25, -3 + 4 * 0.75, 0], y.Beta);
        Equal([3 + 4 * 0.75, 1 + 4 * 0.25, 4], y.Gamma());
    }

    [Fact]
    public void LayerNorm_centres_each_part_and_divides_by_the_shared_sigma_and_splits_the_bias_by_the_input()
    {
        using var scope = NewDisposeScope();
        var x = Pair([1, 3], [0, -2]);  // total [1, 1]: sigma = sqrt(0 + eps)
        var y = CdtRules.LayerNorm(x, tensor(new double[] { 1, 1 }), tensor(new double[] { 2, 2 }), eps: 1.0);
        Equal([-1 + 2 * 1.0, 1 + 2 * 0.6], y.Beta);
        Equal([1 + 0, -1 + 2 * 0.4], y.Gamma());
    }

    [Fact]
    public void RmsNorm_divides_both_parts_by_the_rms_of_the_total()
    {
        using var scope = NewDisposeScope();
        var y = CdtRules.RmsNorm(Pair([3, 0], [0, 4]), tensor(new double[] { 1, 2 }), eps: 0);
        var r = Math.Sqrt((9 + 16) / 2.0);
        Equal([3 / r, 0], y.Beta);
        Equal([0, 8 / r], y.Gamma());
    }

    [Fact]
    public void Activation_gives_gamma_f_of_gamma_and_beta_the_rest()
    {
        using var scope = NewDisposeScope();
        var y = CdtRules.Activation(Pair([1, -2], [0.5, 1]), t => t.tanh());
        Equal([Math.Tanh(1.5) - Math.Tanh(0.5), Math.Tanh(-1) - Math.Tanh(1)], y.Beta);
        Equal([Math.Tanh(0.5), Math.Tanh(1)], y.Gamma());
    }

    [Fact]
    public void Product_gives_every_interaction_to_beta()
    {
        using var scope = NewDisposeScope();
        var y = CdtRules.Product(Pair([1], [2]), Pair([3], [4]));
        Equal([3 * 7 - 8], y.Beta);
        Equal([8], y.Gamma());
    }

    [Fact]
    public void Gated_product_gives_what_the_activation_rule_then_the_product_rule_give()
    {
        using var scope = NewDisposeScope();
        var gate = new Decomposed(tensor(new double[] { 1, -2, 0, 0.5, 3, -1 }, [2, 3]), tensor(new double[] { 0.5, 1, -4 }));  // 2 sources, total per element
        var up = new Decomposed(tensor(new double[] { -1, 0.5, 2, 0, 1, -3 }, [2, 3]), tensor(new double[] { 2, -1, 0.75 }));
        Tensor Silu(Tensor t) => TorchSharp.torch.nn.functional.silu(t);
        var expected = CdtRules.Product(CdtRules.Activation(gate, Silu), up);
        var fused = CdtRules.GatedProduct(gate, up, t => TorchSharp.torch.nn.functional.silu(t, inplace: true));
        TensorAssert.Close(expected.Beta, fused.Beta, 1e-12, 0, "beta");
        TensorAssert.Close(expected.Total, fused.Total, 0, 0, "total");
        TensorAssert.Close(tensor(new double[] { 1, -2, 0, 0.5, 3, -1 }, [2, 3]), gate.Beta, 0, 0, "the gate's beta is not overwritten");
    }

    [Fact]
    public void Collapse_gives_the_sum_to_the_larger_part_on_a_sign_conflict_and_to_beta_on_a_tie()
    {
        using var scope = NewDisposeScope();
        var x = Pair([2, -1, 1, 3, -2, 0], [-1, 3, -1, 1, -2, -5]);
        var y = CdtRules.Collapse(x, enabled: true);
        Equal([1, 0, 0, 3, -2, 0], y.Beta);
        Equal([0, 2, 0, 1, -2, -5], y.Gamma());
        Assert.Same(x.Beta, CdtRules.Collapse(x, enabled: false).Beta);
    }

    [Fact]
    public void Eq11_attention_carries_beta_v_with_the_relevant_pattern_and_frozen_with_the_ordinary_one()
    {
        using var scope = NewDisposeScope();
        var q = Decomposed.FromParts(tensor(new double[] { 1, 0 }, [1, 1, 1, 2]), tensor(new double[] { 0, 1 }, [1, 1, 1, 2]));
        var k = Decomposed.FromParts(tensor(new double[] { 1, 0, 0, 0 }, [1, 1, 2, 2]), tensor(new double[] { 0, 0, 0, 2 }, [1, 1, 2, 2]));
        var v = Decomposed.FromParts(tensor(new double[] { 1, 0 }, [1, 1, 2, 1]), tensor(new double[] { 0, 1 }, [1, 1, 2, 1]));
        var mask = ones(1, 1, 1, 2, dtype: @bool);
        var scale = 1 / Math.Sqrt(2);
        var p = Softmax2(1 * scale, 2 * scale);       // totals: q = [1, 1], k = [[1, 0], [0, 2]]
        var pb = Softmax2(1 * scale, 0);              // beta: q = [1, 0], k_b = [[1, 0], [0, 0]]
        var eq11 = CdtRules.Attention(q, k, v, mask, AttentionRule.Eq11);
        Equal([pb.A * 1], eq11.Beta.flatten());
        Equal([p.A + p.B - pb.A], eq11.Gamma().flatten());
        var frozen = CdtRules.Attention(q, k, v, mask, AttentionRule.Frozen);
        Equal([p.A], frozen.Beta.flatten());
        Equal([p.B], frozen.Gamma().flatten());
    }

    [Fact]
    public void Sources_carried_together_give_each_source_what_it_gives_alone_against_the_shared_total()
    {
        using var scope = NewDisposeScope();
        var total = tensor(new double[] { 0.5, -1, 2, 0.25, 3, -0.75 }, [2, 3]);            // (examples, hidden)
        var betas = tensor(new double[] { 1, 0, -2, 0.5, 1, 0, 0, -3, 1, 0.25, 0, 2 }, [2, 2, 3]);  // (sources, examples, hidden)
        var weight = tensor(new double[] { 1, -1, 0.5, 2, 0, 1, -0.5, 1, 1, 0, 0, -1 }, [4, 3]);
        var bias = tensor(new double[] { 0.5, -1, 0, 2 });
        Decomposed Chain(Decomposed x)
        {
            var norm = CdtRules.LayerNorm(x, tensor(new double[] { 1, 2, 0.5 }), tensor(new double[] { 0.1, -0.2, 0.3 }), 1e-5);
            var projected = CdtRules.Collapse(CdtRules.Linear(norm, weight, bias), enabled: true);
            return CdtRules.Product(CdtRules.Activation(projected, t => t.tanh()), projected);
        }
        var together = Chain(new Decomposed(betas, total));
        for (var source = 0; source < 2; source++)
        {
            var alone = Chain(new Decomposed(betas[source].unsqueeze(0), total));
            TensorAssert.Close(alone.Beta[0], together.Beta[source], 1e-12, 0, $"source {source}");
            TensorAssert.Close(alone.Total, together.Total, 0, 0, "total");
        }
    }

    private static (double A, double B) Softmax2(double a, double b) => (Math.Exp(a) / (Math.Exp(a) + Math.Exp(b)), Math.Exp(b) / (Math.Exp(a) + Math.Exp(b)));
}
