using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ctsft.Adapters;

/// <summary>
/// Trainable tensors beside one frozen linear projection, applied through the projection's forward hooks (the layer
/// and its weights are never changed while attached, as PEFT wraps a frozen base layer), and merged into its weights
/// explicitly. Tensors are named by PEFT's saved keys: <c>base_model.model.&lt;module path&gt;.&lt;tensor&gt;</c>.
/// </summary>
public abstract class LinearAdapter(string module, Linear linear) : IDisposable
{
    public const string KeyPrefix = "base_model.model.";
    private readonly List<Action> _detach = [];

    /// <summary>The projection's module path in the model (its checkpoint name without <c>.weight</c>).</summary>
    public string Module { get; } = module;
    protected Linear Linear { get; } = linear;

    public long InFeatures => Linear.weight!.shape[1];
    public long OutFeatures => Linear.weight!.shape[0];

    /// <summary>The adapter's tensors by PEFT key.</summary>
    public abstract IReadOnlyList<(string Key, Tensor Value)> Tensors { get; }

    public long Count => Tensors.Sum(t => t.Value.numel());

    public string Key(string tensor) => KeyPrefix + Module + "." + tensor;

    /// <summary>Starts applying the adapter in the projection's forward.</summary>
    public void Attach()
    {
        if (_detach.Count > 0) return;
        if (PreHook() is { } pre)
        {
            var remover = Linear.register_forward_pre_hook((_, input) => pre(input));
            _detach.Add(remover.remove);
        }
        if (PostHook() is { } post)
        {
            var remover = Linear.register_forward_hook((_, input, output) => post(input, output));
            _detach.Add(remover.remove);
        }
    }

    /// <summary>Stops applying it: the projection computes with its own weights only.</summary>
    public void Detach()
    {
        foreach (var detach in _detach) detach();
        _detach.Clear();
    }

    /// <summary>Writes the adapter into the projection's weight (and bias): afterwards the plain layer computes what the adapted one did.</summary>
    public void Merge()
    {
        Detach();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        MergeInto(Linear.weight!, Linear.bias);
    }

    /// <summary>Copies saved values into the tensors (same shapes; the message names the key and <paramref name="location"/>).</summary>
    public void Load(Func<string, Tensor> read, string location)
    {
        using var noGrad = no_grad();
        foreach (var (key, value) in Tensors)
        {
            using var saved = read(key);
            if (!saved.shape.SequenceEqual(value.shape))
                throw new BadInputException($"{location}: '{key}' has shape [{string.Join(",", saved.shape)}], the model's {Module} needs [{string.Join(",", value.shape)}]");
            value.copy_(saved);
        }
    }

    protected virtual Func<Tensor, Tensor>? PreHook() => null;
    protected virtual Func<Tensor, Tensor, Tensor>? PostHook() => null;
    protected abstract void MergeInto(Tensor weight, Tensor? bias);

    public void Dispose()
    {
        Detach();
        foreach (var (_, value) in Tensors) value.Dispose();
        GC.SuppressFinalize(this);
    }
}
