using Ctsft.Data;

namespace Ctsft.Tasks;

/// <summary>
/// What a task asks of a model, independent of the model: its labels and, for decoders, the prompt template
/// and one verbalizer word per label (method.md section 3). Encoders classify with one output per label.
/// </summary>
public sealed record ClassificationTask(
    string Name,
    IReadOnlyList<string> LabelNames,
    PromptTemplate Template,
    IReadOnlyList<string> LabelWords,
    int MaxLength = 128)
{
    public int NumLabels => LabelNames.Count;

    public static ClassificationTask NusaxSenti { get; } = new(
        "nusax", Data.NusaxSenti.Task.LabelNames, new PromptTemplate("{text} | sentiment:"), [" negative", " neutral", " positive"]);

    public static ClassificationTask Xnli { get; } = new(
        "xnli", Data.Xnli.Task.LabelNames, new PromptTemplate("Premise: {premise} Hypothesis: {hypothesis} Label:"),
        [" entail", " neutral", " contradiction"]);

    /// <summary>The paper's format for a known dataset (nusax, xnli).</summary>
    public static ClassificationTask For(DataTask data) => data.Key switch
    {
        "nusax" => NusaxSenti,
        "xnli" => Xnli,
        _ => throw new BadSettingException("template", $"no default prompt for dataset '{data.Key}'; give {{template}} and {{label_words}}"),
    };

    /// <summary>The format of a user file's task when no template is given (decoders; encoders use no template).</summary>
    public const string CustomTemplate = "{text} | label:", CustomPairTemplate = "{text} | {text_pair} | label:";

    /// <summary>A transfer's user data file: its labels, the custom template, label words " " + each label.</summary>
    public static ClassificationTask ForFile(UserDataFile file) =>
        Custom("custom", file.Columns.LabelNames!, file.Columns.TextPair is null ? CustomTemplate : CustomPairTemplate);

    /// <summary>A user-defined format; label words default to " " + label name.</summary>
    public static ClassificationTask Custom(string name, IReadOnlyList<string> labelNames, string template, IReadOnlyList<string>? labelWords = null, int maxLength = 128)
    {
        labelWords ??= labelNames.Select(l => " " + l).ToArray();
        if (labelWords.Count != labelNames.Count)
            throw new BadInputException($"{labelWords.Count} label words for {labelNames.Count} labels ({string.Join(", ", labelNames)})");
        return new ClassificationTask(name, labelNames, new PromptTemplate(template), labelWords, maxLength);
    }
}
