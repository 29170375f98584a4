using System.CommandLine;
using Ctsft.Data;
using Ctsft.Evaluation;

namespace Ctsft.Cli.Commands;

/// <summary>
/// A user dataset as the task of <c>ctsft run</c> (task custom): a proxy file and a target file (CSV, TSV or JSON
/// Lines), their columns and labels. The languages default to the files' names without extension.
/// </summary>
public sealed class UserTaskOptions
{
    public Option<string?> ProxyFile { get; } = new("--proxy-file") { Description = "Task custom: the proxy language's file (CSV, TSV or JSON Lines with text and label columns)" };
    public Option<string?> TargetFile { get; } = new("--target-file") { Description = "Task custom: the target language's file" };
    public Option<string> TextColumn { get; } = new("--text-column") { Description = "Task custom: the text column", DefaultValueFactory = _ => "text" };
    public Option<string?> TextPairColumn { get; } = new("--text-pair-column") { Description = "Task custom: the second text's column (text pairs)" };
    public Option<string> LabelColumn { get; } = new("--label-column") { Description = "Task custom: the label column", DefaultValueFactory = _ => "label" };
    public Option<string?> IdColumn { get; } = new("--id-column") { Description = "Task custom: an id column (default: row numbers)" };
    public Option<string?> SplitColumn { get; } = new("--split-column") { Description = "Task custom: the column of train / validation / test (default: split, when present; else a split derived by --split-seed: 50% train, 10% validation, 40% test)" };
    public Option<string?> Labels { get; } = new("--labels") { Description = "Task custom: the labels in order, e.g. negative,neutral,positive (default: those of the proxy file, sorted)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { ProxyFile, TargetFile, TextColumn, TextPairColumn, LabelColumn, IdColumn, SplitColumn, Labels })
            command.Options.Add(option);
    }

    /// <summary>The user task with its two files under <paramref name="proxy"/> and <paramref name="target"/>; null without files.</summary>
    public UserTask? Read(ParseResult parse, string proxy, string target)
    {
        var (proxyFile, targetFile) = (parse.GetValue(ProxyFile), parse.GetValue(TargetFile));
        if (proxyFile is null && targetFile is null) return null;
        if (proxyFile is null || targetFile is null)
            throw new BadSettingException(proxyFile is null ? "proxy_file" : "target_file", "task custom needs both {proxy_file} and {target_file}");
        return new UserTask(new Dictionary<string, string> { [proxy] = proxyFile, [target] = targetFile },
            parse.GetValue(TextColumn) ?? "text", parse.GetValue(LabelColumn) ?? "label", parse.GetValue(TextPairColumn), parse.GetValue(IdColumn),
            parse.GetValue(SplitColumn), TaskSelection.ParseLabels(parse.GetValue(Labels)));
    }

    /// <summary>A file's language when none is named: its name without extension (<c>data/jav.csv</c> is <c>jav</c>).</summary>
    public string? LanguageOf(ParseResult parse, Option<string?> file) =>
        parse.GetValue(file) is { } path ? Path.GetFileNameWithoutExtension(path) : null;
}
