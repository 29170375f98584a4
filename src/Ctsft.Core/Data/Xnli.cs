namespace Ctsft.Data;

/// <summary>
/// XNLI 1.0 dev/test (Conneau et al., EMNLP 2018) in the per-language layout <c>xnli/&lt;lang&gt;/{dev,test}.tsv</c>:
/// header <c>premise, hypothesis, label</c>, no quoting, rows parallel across languages. Ids are 1-based row
/// numbers, so row i is the same pair in every language.
/// </summary>
public static class Xnli
{
    public static readonly IReadOnlyList<string> LabelNames = ["entailment", "neutral", "contradiction"];

    public static readonly DataTask Task = new(
        Key: "xnli",
        Name: "XNLI",
        Folder: "xnli",
        Languages: ["ar", "bg", "de", "el", "en", "es", "fr", "hi", "ru", "sw", "th", "tr", "ur", "vi", "zh"],
        Splits: ["dev", "test"],
        Columns: new DatasetColumns(Text: "premise", TextPair: "hypothesis", Label: "label", LabelNames: LabelNames),
        Format: TableFormat.Tsv,
        Quoted: false,
        ProxyLanguage: "en",
        Licence: "CC BY-NC 4.0 (non-commercial)",
        LicenceUrl: "https://creativecommons.org/licenses/by-nc/4.0/",
        Homepage: "https://github.com/facebookresearch/XNLI",
        Citation: "Conneau et al., \"XNLI: Evaluating Cross-lingual Sentence Representations\", EMNLP 2018");

    public static Dataset Load(string dataDir, string language, string split) => Task.Load(dataDir, language, split);
}
