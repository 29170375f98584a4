using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>
/// LayerNorm(residual + dropout(dense(x))): Hugging Face's <c>BertSelfOutput</c> (after attention) and
/// <c>BertOutput</c> (after the intermediate layer) are this with different input sizes.
/// </summary>
public sealed class BertResidualOutput : nn.Module
{
    public Linear dense;
    public LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public BertResidualOutput(int inputSize, BertConfig config) : base(nameof(BertResidualOutput))
    {
        dense = nn.Linear(inputSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.call(residual + dropout.call(dense.call(x))).MoveToOuterDisposeScope();
    }
}
