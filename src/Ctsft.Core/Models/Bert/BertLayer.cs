using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models.Bert;

/// <summary>Post-LayerNorm block: attention sub-block, then the feed-forward sub-block.</summary>
public sealed partial class BertLayer : nn.Module
{
    private readonly int _index;
    public BertAttention attention;
    public BertIntermediate intermediate;
    public BertResidualOutput output;

    public BertLayer(BertConfig config, int index) : base(nameof(BertLayer))
    {
        _index = index;
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertResidualOutput(config.IntermediateSize, config);
        RegisterComponents();
    }

    /// <summary>With <paramref name="readout"/> (the last layer of a readout-only forward): (B, 1, hidden) at the readout rows.</summary>
    public Tensor forward(Tensor x, Tensor mask, ForwardHooks? hooks, ReadoutRows? readout = null)
    {
        using var scope = NewDisposeScope();
        var mid = attention.forward(x, mask, _index, hooks, readout);
        var result = output.forward(intermediate.call(mid), mid, readout: readout);
        hooks?.LayerOutput?.Invoke(_index, result);
        return result.MoveToOuterDisposeScope();
    }
}
