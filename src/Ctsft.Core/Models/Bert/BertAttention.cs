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

    public Tensor forward(Tensor x, Tensor mask, int layer, ForwardHooks? hooks)
    {
        using var scope = NewDisposeScope();
        var z = self.forward(x, mask, layer, hooks);
        var (batch, seq) = (x.shape[0], x.shape[1]);
        return output.forward(z.reshape(batch, seq, -1), x, layer).MoveToOuterDisposeScope();
    }
}
