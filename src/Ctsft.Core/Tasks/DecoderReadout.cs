using Ctsft.Runtime;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Text;
using static TorchSharp.torch;

namespace Ctsft.Tasks;

/// <summary>
/// Decoder prompts (<see cref="DecoderPrompt"/>); the label is read at the last real token, over the
/// verbalizer tokens only (method.md sections 3 and 9).
/// </summary>
public sealed class DecoderReadout : TaskReadout
{
    private readonly DecoderPrompt _prompt;

    public override IReadOnlyList<long> LabelTokenIds { get; }

    public override bool UsesTemplate => true;

    public DecoderReadout(ClassificationTask task, ITokenizer tokenizer) : base(task, tokenizer)
    {
        LabelTokenIds = Verbalizer.TokenIds(task, tokenizer);
        _prompt = new DecoderPrompt(task.Template, tokenizer, task.MaxLength);
    }

    public IReadOnlyList<long> SuffixIds => _prompt.SuffixIds;

    public override EncodedExample Encode(Example example) => _prompt.Encode(example);

    public override int PromptTokenCount(Example example) => _prompt.TokenCount(example);

    public override Tensor LabelLogits(TransformerModel model, ModelOutput output, TaskBatch batch)
    {
        using var scope = NewDisposeScope();
        var atReadout = output.ReadoutOnly ? output.Hidden[TensorIndex.Colon, 0]
            : output.Hidden[HeldScalars.Range(batch.Count, output.Hidden.device), batch.ReadoutPositions.to(output.Hidden.device)];
        return ((IDecoderModel)model).VocabularyLogits(atReadout, LabelTokenIds).MoveToOuterDisposeScope();
    }
}
