using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Models;

/// <summary>
/// Runs a family's stack of transformer layers, optionally with gradient checkpointing: each layer then runs without
/// recording a graph, only its input is kept, and the backward recomputes the layer's forward (with the same dropout
/// masks) and propagates its gradients before handing the input's gradient to the layer below. The results equal the
/// ordinary pass; the activations autograd keeps shrink from every layer's to one layer's at a time.
/// </summary>
public sealed class LayerStack
{
    /// <summary>Checkpoint each layer when a graph is being recorded (training); the forward is unchanged otherwise.</summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>
    /// <paramref name="x"/> through every layer in order. <paramref name="forward"/> computes one layer from its input and
    /// <paramref name="context"/> (masks, angles: tensors that need no gradient, handed back to it as given); it must not
    /// depend on other tensors that a recomputation in the backward could find disposed.
    /// </summary>
    public Tensor Run<TLayer>(IEnumerable<TLayer> layers, Tensor x, Func<TLayer, Tensor, Tensor[], Tensor> forward, params Tensor[] context)
    {
        if (!GradientCheckpointing || !is_grad_enabled())
        {
            foreach (var layer in layers) x = forward(layer, x, context);
            return x;
        }
        // A checkpointed layer joins the graph only through an input that requires a gradient; below a frozen embedding
        // that is a detached copy whose gradient nobody reads.
        if (!x.requires_grad) x = x.detach().requires_grad_(true);
        foreach (var layer in layers)
        {
            var call = new CheckpointedLayer.Call((h, c) => forward(layer, h, c));
            x = CheckpointedLayer.apply([x, call, .. context]);
        }
        return x;
    }
}

/// <summary>
/// One layer as a custom autograd function: the forward runs the layer without a graph and saves its input, the
/// random generator's state (dropout) and the context; the backward recomputes the layer with a graph from the same
/// state, back-propagates the incoming gradient through it (parameters accumulate their gradients as usual) and
/// returns the input's gradient.
/// </summary>
internal sealed class CheckpointedLayer : autograd.SingleTensorFunction<CheckpointedLayer>
{
    /// <summary>What a checkpointed layer computes (<see cref="Layer"/>) and the random state to compute it with again.</summary>
    internal sealed class Call(Func<Tensor, Tensor[], Tensor> layer)
    {
        public Func<Tensor, Tensor[], Tensor> Layer { get; } = layer;
        public int ContextCount { get; set; }
        public RandomState? Random { get; set; }
    }

    private const string CallKey = "call";

    public override string Name => nameof(CheckpointedLayer);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var call = (Call)vars[1];
        var context = vars.Skip(2).Cast<Tensor>().ToArray();
        call.ContextCount = context.Length;
        call.Random = RandomState.Capture(x.device);
        ctx.save_for_backward([x, .. context]);
        ctx.save_data(CallKey, call);
        return call.Layer(x, context);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var call = (Call)ctx.get_data(CallKey);
        Tensor inputGradient;
        using (var scope = NewDisposeScope())
        {
            var saved = ctx.get_saved_variables();
            var input = saved[0].detach().requires_grad_(true);
            var context = saved.Skip(1).ToArray();
            Tensor output;
            using (var replay = call.Random!.Replay())
            using (enable_grad())
                output = call.Layer(input, context);
            output.backward([gradOutput]);
            inputGradient = (input.grad ?? zeros_like(input)).MoveToOuterDisposeScope();
        }
        return [inputGradient, null!, .. Enumerable.Repeat<Tensor>(null!, call.ContextCount)];
    }
}
