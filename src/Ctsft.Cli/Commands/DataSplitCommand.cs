using System.CommandLine;
using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Ctsft.Data.Protocol;
using Ctsft.Runs;
using Ctsft.Tasks;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary><c>ctsft data split</c>: Pool A / Pool B and the nested samples for one language, counted per label.</summary>
public static class DataSplitCommand
{
    public static Command Create(Option<string?> dataDir)
    {
        var task = DataCommand.TaskOption();
        var language = new Option<string>("--lang") { Description = "Language code (e.g. jav, ind; en, th)", Required = true };
        var splitSeed = new Option<ulong>("--split-seed") { Description = "Seed of the Pool A / Pool B split (and of the XNLI subsets)" };
        var sampleSeed = new Option<ulong>("--sample-seed") { Description = "Seed of the nested n-samples" };
        var sizes = new Option<string>("--n") { Description = "Pool B sample sizes, e.g. 25,50,75,100 or all", DefaultValueFactory = _ => "25,50,75,100" };
        var stage1 = new Option<string?>("--stage1-n") { Description = "Pool A sample sizes for stage 1, e.g. 50 or all" };
        var poolB = new Option<int>("--pool-b-size") { Description = "Rows in Pool B", DefaultValueFactory = _ => PoolSplit.DefaultPoolBSize };
        var poolA = new Option<int?>("--pool-a-size") { Description = "Rows in Pool A (default: all rows not in Pool B)" };
        var json = new Option<bool>("--json") { Description = "Print JSON (with the ids) instead of a table" };
        var model = new Option<string?>("--model")
        {
            Description = "XNLI: keep only prompts of at most 128 tokens under this model's tokenizer and the XNLI template (folder, built-in name or hub id)",
        };
        var xnliLanguages = new Option<string?>("--xnli-languages")
        {
            Description = "XNLI: the run's language set of the 128-token prompt filter, e.g. en,th,vi,es,zh (default: en and --lang)",
        };
        var command = new Command("split", "Show the Pool A / Pool B split and nested samples of one language");
        foreach (var option in new Option[] { task, language, splitSeed, sampleSeed, sizes, stage1, poolB, poolA, model, xnliLanguages, json })
            command.Options.Add(option);
        command.SetAction(parse => CommandAction.Run(() => Split(
            parse.GetValue(task)!, parse.GetValue(language)!, parse.GetValue(dataDir),
            new SplitSettings(parse.GetValue(splitSeed), parse.GetValue(sampleSeed), parse.GetValue(sizes)!,
                parse.GetValue(stage1), parse.GetValue(poolB), parse.GetValue(poolA)),
            parse.GetValue(json), parse.GetValue(model), XnliLanguageSet.Parse(parse.GetValue(xnliLanguages)))));
        return command;
    }

    public static int Split(string taskKey, string language, string? dataDirOption, SplitSettings settings, bool json, string? model = null,
        IReadOnlyList<string>? xnliLanguages = null)
    {
        var dataTask = DataTasks.Get(taskKey);
        if (model is not null && dataTask.Key != Xnli.Task.Key)
            throw new BadInputException($"--model applies to --task xnli only (its prompt-length filter); {dataTask.Name} needs no model");
        var promptTokens = model is null ? null : PromptTokenCounter.Load(model, ClassificationTask.Xnli);
        if (xnliLanguages is not null && dataTask.Key != Xnli.Task.Key)
            throw new BadSettingException(XnliLanguageSet.Setting, $"{{{XnliLanguageSet.Setting}}} applies to task xnli only (the task is {dataTask.Key})");
        var summary = SplitSummary.Build(dataTask, DataDirectory.Resolve(dataDirOption), language, settings, promptTokens, model, xnliLanguages);
        if (json)
        {
            Console.Out.WriteLine(RunJson.Serialize(summary));
            return CommandAction.Success;
        }
        var table = new Table().AddColumns(["subset", .. summary.LabelNames, "total"]);
        foreach (var row in summary.Rows)
            table.AddRow([row.Subset, .. row.PerLabel.Select(c => c.ToString()), row.Total.ToString()]);
        AnsiConsole.MarkupLineInterpolated(
            $"{summary.Task} {summary.Language}: split seed {settings.SplitSeed}, sample seed {settings.SampleSeed}");
        AnsiConsole.Write(table);
        foreach (var note in summary.Notes)
            AnsiConsole.MarkupLineInterpolated($"[grey]{note}[/]");
        return CommandAction.Success;
    }
}
