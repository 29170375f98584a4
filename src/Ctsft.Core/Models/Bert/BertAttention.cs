using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>Self-attention, output projection, residual and LayerNorm.</summary>
public sealed partial class BertAttention : nn.Module
{
    public BertSelfAttention self;
    public BertResidualOutput output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(config);
        output = new BertResidualOutput(config.HiddenSize, config);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor mask, int layer, ForwardHooks? hooks, ReadoutRows? readout = null)
    {
        using var scope = NewDisposeScope();
        var z = self.forward(x, mask, layer, hooks, readout);
        var residual = readout is null ? x : readout.Select(x);
        return output.forward(z.reshape(residual.shape[0], residual.shape[1], -1), residual, layer, readout).MoveToOuterDisposeScope();
    }
}
