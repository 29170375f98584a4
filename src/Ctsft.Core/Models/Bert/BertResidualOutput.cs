using TorchSharp;
using TorchSharp.Modules;
using Ctsft.Runtime;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>
/// LayerNorm(residual + dropout(dense(x))): Hugging Face's <c>BertSelfOutput</c> (after attention) and
/// <c>BertOutput</c> (after the intermediate layer) are this with different input sizes.
/// </summary>
public sealed partial class BertResidualOutput : nn.Module
{
    public Linear dense;

    /// <summary>On the attention's output projection only: an additive path beside <c>dense</c> (head-restricted training).</summary>
    public IProjectionAdapter? Adapter { get; set; }
    public LayerNorm LayerNorm;
    private readonly Dropout dropout;
    private readonly double _eps, _dropout;

    public BertResidualOutput(int inputSize, BertConfig config) : base(nameof(BertResidualOutput))
    {
        dense = nn.Linear(inputSize, config.HiddenSize);
        _eps = config.LayerNormEps;
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        _dropout = config.HiddenDropoutProb;
        RegisterComponents();
    }

    /// <summary>With <paramref name="readout"/>, x and residual hold the readout rows only (dropout draws the full shape's noise).</summary>
    public Tensor forward(Tensor x, Tensor residual, int layer = -1, ReadoutRows? readout = null)
    {
        using var scope = NewDisposeScope();
        var projected = MixedPrecision.Linear(dense, x);
        if (Adapter is not null) projected = Adapter.Adapt(layer, AttentionProjection.Output, x, projected);
        var dropped = readout is null ? dropout.call(projected) : readout.Dropout(projected, _dropout, training);
        return LayerNorm.call(residual.Plus(dropped)).MoveToOuterDisposeScope();
    }
}
