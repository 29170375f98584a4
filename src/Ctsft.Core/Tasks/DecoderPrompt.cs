using Ctsft.Data;
using Ctsft.Text;

namespace Ctsft.Tasks;

/// <summary>
/// A decoder prompt's token ids: ids = encode(body)[: max - len(s)] + s with s = encode(suffix) without
/// special tokens (method.md section 9). encode(body) adds the tokenizer's own special tokens: none for
/// Qwen, Llama 3's BOS in front, so truncation cuts the text and keeps the BOS and the suffix. It needs only the template and tokenizer, not the label words, so prompt lengths
/// can be counted for any template (the XNLI filter).
/// </summary>
public sealed class DecoderPrompt
{
    private readonly long[] _suffixIds;

    public DecoderPrompt(PromptTemplate template, ITokenizer tokenizer, int maxLength)
    {
        Template = template;
        Tokenizer = tokenizer;
        MaxLength = maxLength;
        _suffixIds = tokenizer.Encode(template.Suffix, addSpecialTokens: false).Ids.Select(i => (long)i).ToArray();
        if (_suffixIds.Length >= maxLength)
            throw new BadInputException($"the prompt suffix '{template.Suffix}' alone is {_suffixIds.Length} tokens, max length {maxLength}");
    }

    public PromptTemplate Template { get; }
    public ITokenizer Tokenizer { get; }
    public int MaxLength { get; }
    public IReadOnlyList<long> SuffixIds => _suffixIds;

    public EncodedExample Encode(Example example)
    {
        var bodyIds = BodyIds(example);
        var keep = Math.Min(bodyIds.Count, MaxLength - _suffixIds.Length);
        var ids = bodyIds.Take(keep).Select(i => (long)i).Concat(_suffixIds).ToArray();
        return new EncodedExample(ids, new long[ids.Length], ids.Length - 1, keep < bodyIds.Count);
    }

    /// <summary>The prompt's length before truncation.</summary>
    public int TokenCount(Example example) => BodyIds(example).Count + _suffixIds.Length;

    private IReadOnlyList<int> BodyIds(Example example)
    {
        var (body, _) = Template.Render(example.Text, example.TextPair);
        return Tokenizer.Encode(body).Ids;
    }
}
