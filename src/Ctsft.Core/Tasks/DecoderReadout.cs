using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Text;
using static TorchSharp.torch;

namespace Ctsft.Tasks;

/// <summary>
/// Decoder prompts: ids = encode(body)[: max - len(s)] + s with s = encode(suffix), no BOS/EOS; the label
/// is read at the last real token, over the verbalizer tokens only (method.md sections 3 and 9).
/// </summary>
public sealed class DecoderReadout : TaskReadout
{
    private readonly long[] _suffixIds;

    public IReadOnlyList<long> LabelTokenIds { get; }

    public DecoderReadout(ClassificationTask task, ITokenizer tokenizer) : base(task, tokenizer)
    {
        LabelTokenIds = Verbalizer.TokenIds(task, tokenizer);
        _suffixIds = tokenizer.Encode(task.Template.Suffix, addSpecialTokens: false).Ids.Select(i => (long)i).ToArray();
        if (_suffixIds.Length >= task.MaxLength)
            throw new BadInputException($"the prompt suffix '{task.Template.Suffix}' alone is {_suffixIds.Length} tokens, max length {task.MaxLength}");
    }

    public IReadOnlyList<long> SuffixIds => _suffixIds;

    public override EncodedExample Encode(Example example)
    {
        var (body, _) = Task.Template.Render(example.Text, example.TextPair);
        var bodyIds = Tokenizer.Encode(body, addSpecialTokens: false).Ids;
        var keep = Math.Min(bodyIds.Count, Task.MaxLength - _suffixIds.Length);
        var ids = bodyIds.Take(keep).Select(i => (long)i).Concat(_suffixIds).ToArray();
        return new EncodedExample(ids, new long[ids.Length], ids.Length - 1, keep < bodyIds.Count);
    }

    public override Tensor LabelLogits(TransformerModel model, ModelOutput output, TaskBatch batch)
    {
        using var scope = NewDisposeScope();
        var rows = arange(batch.Count, device: output.Hidden.device);
        var atReadout = output.Hidden[rows, batch.ReadoutPositions.to(output.Hidden.device)];
        return ((IDecoderModel)model).VocabularyLogits(atReadout, LabelTokenIds).MoveToOuterDisposeScope();
    }
}
