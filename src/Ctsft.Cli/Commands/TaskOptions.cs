using System.CommandLine;
using Ctsft.Evaluation;

namespace Ctsft.Cli.Commands;

/// <summary>
/// The options that choose a task format and its data (<c>--task nusax|xnli|custom</c>, language, split, a
/// custom file's columns, labels, decoder template and label words), shared by <c>eval</c> and <c>model predict</c>.
/// </summary>
public sealed class TaskOptions
{
    public Option<string?> Task { get; } = new("--task") { Description = "Task: nusax, xnli or custom (a user file, or --labels for a single text)" };
    public Option<string?> Language { get; } = new("--lang") { Description = "Language code (nusax: jav, ind, ...; xnli: en, th, ...); custom: recorded only (default und)" };
    public Option<string> Split { get; } = new("--split") { Description = "Split to evaluate (nusax: train, valid, test; xnli: the protocol's test (400 rows), valid or train subset, or with --full-split the official dev or test); custom: recorded only", DefaultValueFactory = _ => "test" };
    public Option<string?> File { get; } = new("--file") { Description = "--task custom: a CSV, TSV or JSON Lines file" };
    public Option<string> TextColumn { get; } = new("--text-column") { Description = "--task custom: the text column", DefaultValueFactory = _ => "text" };
    public Option<string?> TextPairColumn { get; } = new("--text-pair-column") { Description = "--task custom: the second text's column (text pairs)" };
    public Option<string> LabelColumn { get; } = new("--label-column") { Description = "--task custom: the label column", DefaultValueFactory = _ => "label" };
    public Option<string?> IdColumn { get; } = new("--id-column") { Description = "--task custom: an id column (default: row numbers)" };
    public Option<string?> Labels { get; } = new("--labels") { Description = "--task custom: the labels in order, e.g. neg,pos (default: those in the file, sorted)" };
    public Option<string?> Template { get; } = new("--template") { Description = "Decoders: the prompt, ending before the label, e.g. \"{text} => label:\" (slots {text}, {text_pair})" };
    public Option<string?> LabelWords { get; } = new("--label-words") { Description = "Decoders: one single-token word per label, comma-separated, spaces kept, e.g. \" neg, pos\"" };

    /// <summary>Adds the task-format options, and with <paramref name="data"/> those that pick the data.</summary>
    public void AddTo(Command command, bool data)
    {
        command.Options.Add(Task);
        if (data)
            foreach (var option in new Option[] { Language, Split, File, TextColumn, TextPairColumn, LabelColumn, IdColumn })
                command.Options.Add(option);
        foreach (var option in new Option[] { Labels, Template, LabelWords })
            command.Options.Add(option);
    }

    /// <summary>The selection, or null when no <c>--task</c> was given.</summary>
    public TaskSelection? Read(ParseResult parse) =>
        parse.GetValue(Task) is not { } task ? null : new TaskSelection(
            task,
            parse.GetValue(Language),
            parse.GetValue(Split) ?? "test",
            parse.GetValue(File),
            parse.GetValue(TextColumn) ?? "text",
            parse.GetValue(TextPairColumn),
            parse.GetValue(LabelColumn) ?? "label",
            parse.GetValue(IdColumn),
            TaskSelection.ParseLabels(parse.GetValue(Labels)),
            parse.GetValue(Template),
            TaskSelection.ParseLabelWords(parse.GetValue(LabelWords)));
}
