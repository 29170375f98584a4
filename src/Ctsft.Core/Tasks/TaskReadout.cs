using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Runtime;
using Ctsft.Text;
using static TorchSharp.torch;

namespace Ctsft.Tasks;

/// <summary>
/// A task bound to a model family and tokenizer: how examples become inputs, where the label is read
/// (the readout position) and how label logits come out of a forward pass.
/// </summary>
public abstract class TaskReadout(ClassificationTask task, ITokenizer tokenizer)
{
    public ClassificationTask Task { get; } = task;
    public ITokenizer Tokenizer { get; } = tokenizer;

    /// <summary>Where batches go: the device of the model's parameters (set by <see cref="Create"/>).</summary>
    public Device Device { get; set; } = CPU;

    public static TaskReadout Create(ClassificationTask task, TransformerModel model, ITokenizer tokenizer)
    {
        var readout = model.Config.CreateReadout(task, tokenizer);
        readout.Device = ModuleDevice.Of(model);
        return readout;
    }

    /// <summary>Decoders: the verbalizer tokens whose output-embedding rows give the label logits; null for a classifier.</summary>
    public virtual IReadOnlyList<long>? LabelTokenIds => null;

    /// <summary>Whether the prompt template and label words shape the input (decoders), or a classifier reads the text (encoders).</summary>
    public abstract bool UsesTemplate { get; }

    /// <summary>Token ids of one example, truncated to the task's max length; the readout position is its last or first token.</summary>
    public abstract EncodedExample Encode(Example example);

    /// <summary>
    /// The prompt's length in tokens before truncation: decoder = the rendered template body plus its suffix
    /// (what <see cref="Encode(Example)"/> would give without a max length); encoder = <c>[CLS] a [SEP]</c>
    /// (pairs <c>[CLS] a [SEP] b [SEP]</c>). The XNLI subsets keep rows whose count is at most 128.
    /// </summary>
    public abstract int PromptTokenCount(Example example);

    /// <summary>(batch, labels) label logits from a forward pass over <paramref name="batch"/>.</summary>
    public abstract Tensor LabelLogits(TransformerModel model, ModelOutput output, TaskBatch batch);

    /// <summary>
    /// Runs the model and returns the label logits. Without hooks the last layer computes the readout positions only
    /// (<see cref="ReadoutRows"/>; equal to the full forward up to float rounding) unless <paramref name="readoutOnly"/>
    /// is false; with hooks the full forward runs (hooks see every position).
    /// </summary>
    public Tensor LabelLogits(TransformerModel model, TaskBatch batch, ForwardHooks? hooks = null, bool readoutOnly = true)
    {
        using var scope = NewDisposeScope();
        var input = hooks is null && readoutOnly ? batch.Input with { ReadoutPositions = batch.ReadoutPositions } : batch.Input;
        using var output = model.Forward(input, hooks);
        return LabelLogits(model, output, batch).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Which token pads batches, for manifests: the tokenizer's pad token, else its eos token (Llama 3's files name
    /// no pad token), else id 0; padded positions are masked, so the value never changes a prediction.
    /// </summary>
    public string Padding => Tokenizer.PadTokenId is { } pad ? $"pad_token (id {pad})"
        : Tokenizer.PaddingTokenId is { } eos ? $"eos_token (id {eos}): the tokenizer names no pad token; padded positions are masked"
        : "id 0: the tokenizer names neither a pad nor an eos token; padded positions are masked";

    /// <summary>Right-padded batch of examples (padding never changes a prediction), collated on the host and moved to <see cref="Device"/>.</summary>
    public TaskBatch Encode(IReadOnlyList<Example> examples)
    {
        var encoded = examples.Select(Encode).ToArray();
        var pad = Tokenizer.PaddingTokenId ?? 0;
        var input = ModelInput.FromRows(encoded.Select(e => (IReadOnlyList<long>)e.InputIds).ToArray(), pad,
            encoded.Select(e => (IReadOnlyList<long>)e.TokenTypeIds).ToArray(), Device);
        return new TaskBatch(input,
            HostTransfer.ToDevice(from_array(encoded.Select(e => (long)e.ReadoutPosition).ToArray()), Device),
            HostTransfer.ToDevice(from_array(examples.Select(e => (long)e.Label).ToArray()), Device),
            examples.Select(e => e.Id).ToArray());
    }
}

/// <summary>One example's ids (no padding), token types and readout position.</summary>
public sealed record EncodedExample(long[] InputIds, long[] TokenTypeIds, int ReadoutPosition, bool Truncated);
