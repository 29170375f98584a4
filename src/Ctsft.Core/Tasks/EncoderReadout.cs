using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Text;
using static TorchSharp.torch;

namespace Ctsft.Tasks;

/// <summary>
/// Encoder classification: <c>[CLS] text [SEP]</c> (pairs: <c>[CLS] a [SEP] b [SEP]</c>, token types 0/1),
/// truncated to the max length (longest first for pairs); the classifier reads the first token.
/// </summary>
public sealed class EncoderReadout : TaskReadout
{
    public EncoderReadout(ClassificationTask task, ITokenizer tokenizer, TransformerConfig config) : base(task, tokenizer)
    {
        var labels = config.Labels ?? throw new ArgumentException($"{config.Architecture} has no classifier", nameof(config));
        if (labels.Count != task.NumLabels)
            throw new BadInputException(
                $"the model's classifier has {labels.Count} outputs ({string.Join(", ", labels)}) but task '{task.Name}' has {task.NumLabels} labels; load it with the task's labels");
    }

    public override bool UsesTemplate => false;

    public override EncodedExample Encode(Example example)
    {
        var full = Tokenizer.Encode(example.Text, example.TextPair);
        if (full.Count <= Task.MaxLength)
            return new EncodedExample(full.Ids.Select(i => (long)i).ToArray(), full.TypeIds.Select(t => (long)t).ToArray(), 0, Truncated: false);
        var batch = Tokenizer.EncodeBatch([example.Text], example.TextPair is null ? null : [example.TextPair],
            new BatchEncodingOptions(MaxLength: Task.MaxLength, Truncation: true));
        var length = batch.Lengths[0];
        var ids = Enumerable.Range(0, length).Select(j => batch.InputIds[0, j]).ToArray();
        var types = Enumerable.Range(0, length).Select(j => batch.TokenTypeIds[0, j]).ToArray();
        return new EncodedExample(ids, types, 0, Truncated: true);
    }

    public override int PromptTokenCount(Example example) => Tokenizer.Encode(example.Text, example.TextPair).Ids.Count;

    public override Tensor LabelLogits(TransformerModel model, ModelOutput output, TaskBatch batch) =>
        output.Logits!.alias();
}
