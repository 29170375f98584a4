using Ctsft.Data;
using Ctsft.Data.Protocol;
using Ctsft.Tasks;

namespace Ctsft.Evaluation;

/// <summary>
/// A task and its data as the command line names them: a built-in dataset (<c>nusax</c>, <c>xnli</c>) with a
/// language and split, or <c>custom</c>: a user file with its columns. Decoders may override the prompt
/// template and label words of any task; label words are one per label, in label order. XNLI evaluates on the
/// protocol's subsets by default (<c>test</c>: the 400-row test subset; <c>valid</c>, <c>train</c>: the subsets drawn
/// from dev), kept by the 128-token filter over <see cref="XnliLanguages"/>; <see cref="FullSplit"/> takes the whole
/// official split (<c>dev</c> or <c>test</c>) instead. <see cref="UserFile"/>: a transfer's user data file, whose
/// <see cref="Split"/> (train, valid, test) is taken from its split column or derived split (<see cref="ForFile"/>).
/// </summary>
public sealed record TaskSelection(
    string Task,
    string? Language = null,
    string Split = "test",
    string? File = null,
    string TextColumn = "text",
    string? TextPairColumn = null,
    string LabelColumn = "label",
    string? IdColumn = null,
    IReadOnlyList<string>? Labels = null,
    string? Template = null,
    IReadOnlyList<string>? LabelWords = null,
    IReadOnlyList<string>? XnliLanguages = null,
    bool FullSplit = false,
    ulong SplitSeed = 0,
    UserDataFile? UserFile = null)
{
    /// <summary>One split of a transfer's user data file (task custom), with the file's columns and labels.</summary>
    public static TaskSelection ForFile(UserDataFile file, string language, string split, ulong splitSeed) =>
        new(CustomKey, language, split, file.Path, file.Columns.Text, file.Columns.TextPair, file.Columns.Label, file.Columns.Id,
            file.Columns.LabelNames, SplitSeed: splitSeed, UserFile: file);

    public bool IsXnliSubset => !FullSplit && Task.Equals(Xnli.Task.Key, StringComparison.OrdinalIgnoreCase);

    public const string CustomKey = "custom";

    /// <summary>Language recorded for a custom file when none is given (ISO 639-2 "undetermined").</summary>
    public const string UndeterminedLanguage = "und";

    /// <summary>The custom task's template when none is given (for decoders; encoders do not use templates).</summary>
    public const string CustomTemplate = Tasks.ClassificationTask.CustomTemplate, CustomPairTemplate = Tasks.ClassificationTask.CustomPairTemplate;

    public bool IsCustom => Task.Equals(CustomKey, StringComparison.OrdinalIgnoreCase);

    public string LanguageOrDefault => Language ?? (IsCustom ? UndeterminedLanguage
        : throw new BadSettingException("language", $"{{language}} is required for task {Task}"));

    /// <summary>The examples to evaluate on; an XNLI subset needs <paramref name="promptTokens"/> (the 128-token filter's counter).</summary>
    public Dataset LoadDataset(string dataDir, Func<Example, int>? promptTokens = null)
    {
        if (!Task.Equals(Xnli.Task.Key, StringComparison.OrdinalIgnoreCase))
        {
            if (XnliLanguages is not null)
                throw new BadSettingException(XnliLanguageSet.Setting, $"{{{XnliLanguageSet.Setting}}} applies to task xnli only (the task is {Task})");
            if (FullSplit) throw new BadSettingException("full_split", $"{{full_split}} applies to task xnli only (the task is {Task})");
        }
        if (IsXnliSubset) return LoadXnliSubset(dataDir, promptTokens ?? throw new ArgumentException("an XNLI subset needs the prompt token counter", nameof(promptTokens)));
        if (UserFile is not null) return UserFile.Load(LanguageOrDefault, Split, SplitSeed);
        if (IsCustom)
        {
            if (File is null) throw new BadSettingException("file", "task custom needs {file} (a CSV, TSV or JSON Lines file)");
            if (!System.IO.File.Exists(File)) throw new BadSettingException("file", $"{File}: {{file}} does not exist");
            var columns = new DatasetColumns(TextColumn, LabelColumn, IdColumn, TextPairColumn, Labels);
            return DatasetFile.Load(File, columns, LanguageOrDefault, Split);
        }
        if (File is not null) throw new BadSettingException("file", $"{{file}} is only for task custom (the task is {Task})");
        return DataTasks.Get(Task).Load(dataDir, LanguageOrDefault, Split);
    }

    /// <summary>The run's XNLI language set (<see cref="XnliLanguageSet"/>): the given one, or the proxy and the language.</summary>
    public IReadOnlyList<string> ResolvedXnliLanguages => XnliLanguageSet.Resolve(XnliLanguages, LanguageOrDefault);

    private Dataset LoadXnliSubset(string dataDir, Func<Example, int> promptTokens)
    {
        Xnli.Task.RequireLanguage(LanguageOrDefault);
        var subsets = XnliLanguageSet.Subsets(dataDir, ResolvedXnliLanguages, promptTokens, SplitSeed).ByLanguage[LanguageOrDefault];
        return Split switch
        {
            "test" => subsets.Test,
            "valid" => subsets.Valid,
            "train" => subsets.Train,
            _ => throw new BadSettingException("split",
                $"{{split}}: the XNLI protocol subsets are test (400 rows), valid and train; '{Split}' is not one of them (set {{full_split}} for the official dev or test split)"),
        };
    }

    /// <summary>The task format for data with these labels (a custom task takes the data's labels).</summary>
    public ClassificationTask ClassificationTask(IReadOnlyList<string> labelNames)
    {
        if (IsCustom)
            return Tasks.ClassificationTask.Custom(CustomKey, labelNames,
                Template ?? (TextPairColumn is null ? CustomTemplate : CustomPairTemplate), LabelWords);
        var builtIn = Tasks.ClassificationTask.For(DataTasks.Get(Task));
        return Template is null && LabelWords is null
            ? builtIn
            : Tasks.ClassificationTask.Custom(builtIn.Name, builtIn.LabelNames, Template ?? builtIn.Template.Template, LabelWords ?? builtIn.LabelWords);
    }

    /// <summary>The task format without data (prediction on a single text): a custom task needs <c>--labels</c>.</summary>
    public ClassificationTask ClassificationTask() =>
        IsCustom
            ? ClassificationTask(Labels ?? throw new BadSettingException("labels", "task custom without a data file needs {labels} a,b,c"))
            : ClassificationTask(DataTasks.Get(Task).LabelNames);

    /// <summary>Splits a comma-separated list of labels, trimming each (<c>a, b,c</c>).</summary>
    public static IReadOnlyList<string>? ParseLabels(string? value) =>
        value is null ? null : ParseList(value, "labels", trim: true);

    /// <summary>Splits comma-separated label words keeping their leading spaces (<c>" a, b, c"</c> = " a", " b", " c").</summary>
    public static IReadOnlyList<string>? ParseLabelWords(string? value) =>
        value is null ? null : ParseList(value, "label_words", trim: false);

    private static IReadOnlyList<string> ParseList(string value, string option, bool trim)
    {
        var items = value.Split(',').Select(s => trim ? s.Trim() : s.TrimEnd()).ToArray();
        if (items.Any(string.IsNullOrWhiteSpace))
            throw new BadSettingException(option, $"{{{option}}} '{value}' has an empty entry; separate the entries with commas");
        if (items.Distinct(StringComparer.Ordinal).Count() != items.Length)
            throw new BadSettingException(option, $"{{{option}}} '{value}' names an entry twice");
        return items;
    }
}
