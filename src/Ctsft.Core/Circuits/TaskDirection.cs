using TorchSharp;
using Ctsft.Models;
using Ctsft.Tasks;
using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// The task direction of method.md 5.4, one per gold class c: decoder v = W_U(y_c) - mean over the other labels
/// of W_U(y) (raw unembedding rows of the label tokens, no final-norm gain); encoder [decision]
/// v = W_pooler^T (W_cls(y_c) - mean of the other classifier rows) (XLM-R: W_dense and W_out_proj of its head).
/// Each family computes its own (<see cref="TransformerModel.LabelDirections"/>).
/// </summary>
public static class TaskDirection
{
    /// <summary>(labels, hidden), not normalised.</summary>
    public static Tensor For(TransformerModel model, TaskReadout readout)
    {
        using var scope = NewDisposeScope();
        return model.LabelDirections(readout.LabelTokenIds).detach().MoveToOuterDisposeScope();
    }

    /// <summary>Each row minus the mean of the other rows (the contrast of eq. 4).</summary>
    public static Tensor Contrast(Tensor rows)
    {
        using var others = (rows.shape[0] - 1).ToScalar();
        return rows - (rows.sum(0, keepdim: true) - rows).div(others);
    }

    /// <summary>
    /// Per layer, head and gold class, the head_dim vector u with z_beta . u = (W_O[:, head slice] z_beta) . v / |v|,
    /// (layers, heads, labels, head_dim): R(s, t) of method.md 5.4 is then a dot product at the target.
    /// </summary>
    public static Tensor ThroughOutputProjections(TransformerModel model, Tensor direction)
    {
        using var scope = NewDisposeScope();
        var config = model.Config;
        var parameters = model.Parameters();
        var unit = direction / direction.norm(1, keepdim: true);                                  // (C, hidden)
        var perLayer = Enumerable.Range(0, config.NumLayers).Select(layer =>
        {
            var names = config.AttentionNames(layer);
            var output = parameters[names.Weight(names.Output)].detach();                         // (hidden, H * d)
            return unit.matmul(output).view(-1, config.NumAttentionHeads, config.HeadDim).transpose(0, 1);  // (H, C, d)
        });
        return stack(perLayer.ToArray()).MoveToOuterDisposeScope();
    }
}
