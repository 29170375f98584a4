using System.Diagnostics.CodeAnalysis;
using Ctsft.Models.Bert;

namespace Ctsft.Models.XlmRoberta;

/// <summary>
/// XLM-RoBERTa (and RoBERTa, the same code path) for sequence classification: BERT's post-LayerNorm blocks, positions
/// counted from padding_idx + 1, one token type, no pooler, and a classification head (dense, tanh, out_proj) on the
/// first token. Hugging Face prefixes the encoder with <c>roberta.</c>; the masked-LM head is <c>lm_head.*</c>.
/// </summary>
public sealed record XlmRobertaConfig : BertConfig
{
    public static readonly IReadOnlyList<string> SupportedModelTypes = ["xlm-roberta", "roberta"];

    [SetsRequiredMembers]
    private XlmRobertaConfig(BertConfig encoder) : base(encoder) { }

    public override TransformerModel CreateModel() => new XlmRobertaForSequenceClassification(this);

    public override string EncoderPrefix => "roberta.";

    protected override string PretrainingHeadPrefix => "lm_head.";

    protected override string TaskArchitecture =>
        ModelType == "roberta" ? "RobertaForSequenceClassification" : "XLMRobertaForSequenceClassification";

    /// <summary>Only the classification head; a base model's pooler is not part of the classifier.</summary>
    public override bool MayBeCreated(string name) => IsTaskHead(name);

    /// <summary>The masked-LM head and the pooler that <c>XLMRobertaModel</c> checkpoints carry.</summary>
    public override bool MayBeIgnored(string name) =>
        base.MayBeIgnored(name) || name.StartsWith(EncoderPrefix + "pooler.", StringComparison.Ordinal);

    /// <summary>Hugging Face's XLMRobertaConfig defaults are BERT's but for <c>pad_token_id</c> 1.</summary>
    public static new XlmRobertaConfig FromJson(ConfigJson json) =>
        new(ReadEncoder(json, SupportedModelTypes, defaultPadTokenId: 1, defaultArchitecture: "XLMRobertaModel"));
}
