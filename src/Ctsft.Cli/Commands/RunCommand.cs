using System.CommandLine;
using System.Globalization;
using Ctsft.Data;
using Ctsft.Experiments;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>ctsft run</c>: one transfer end to end (stage 1 on the proxy, discovery, stage 2 of one arm on the target,
/// evaluations), with every stage cached for later runs; writes <c>result.json</c> and prints a short table.
/// </summary>
public static class RunCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "Base model: a Hugging Face folder, a built-in name (minilm) or a hub id" };
    private static readonly Option<string?> Task = new("--task") { Description = "Task: nusax, xnli, or custom (the user's --proxy-file and --target-file; the default when they are given, else nusax)" };
    private static readonly Option<string?> Proxy = new("--proxy") { Description = "Proxy language (default: the task's, ind for nusax, en for xnli; custom: the proxy file's name without extension)" };
    private static readonly Option<string?> Target = new("--target") { Description = "Target language, e.g. jav (custom: default the target file's name without extension)" };
    private static readonly Option<int> N = new("--n") { Description = "Target examples from Pool B (25, 50, 75, 100)", Required = true };
    private static readonly Option<string> Arm = new("--arm") { Description = $"What stage 2 trains: {Arms.NameList}", DefaultValueFactory = _ => "circuit" };
    private static readonly Option<int> Depth = new("--depth") { Description = "Selection depth D of the head arms (and of the circuit the lora arm matches)", DefaultValueFactory = _ => 2 };
    private static readonly Option<double?> Ratio = new("--ratio") { Description = "Fraction of all heads kept per iteration (default 0.02)" };
    private static readonly Option<int?> PerIteration = new("--per-iteration") { Description = "Heads kept per iteration (instead of --ratio)" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Run seed: stage 1, the data samples, the Random set and stage 2 take named sub-seeds of it", DefaultValueFactory = _ => 31 };
    private static readonly Option<ulong?> SampleSeed = new("--sample-seed") { Description = "Fixed seed of the data samples (Pool A's stage-1 sample, Pool B's n-sample) instead of the run seed" };
    private static readonly Option<string> ProxyN = new("--proxy-n") { Description = "Stage-1 size: Pool A examples (the paper: 50) or all", DefaultValueFactory = _ => "50" };
    private static readonly Option<double> Stage1Lr = new("--stage1-lr") { Description = "Stage-1 learning rate", DefaultValueFactory = _ => 5e-5 };
    private static readonly Option<double> Lr = new("--lr") { Description = "Stage-2 learning rate of the arm", DefaultValueFactory = _ => 5e-5 };
    private static readonly Option<string?> LrSearch = new("--lr-search") { Description = "Stage-2 candidate rates, e.g. 5e-5,1e-4,5e-4: the best by target validation accuracy is kept" };
    private static readonly Option<string?> XnliLanguages = new("--xnli-languages") { Description = "XNLI: the run's language set (the 128-token filter keeps rows that fit in all)" };
    private static readonly Option<ulong> SplitSeed = new("--split-seed") { Description = "Seed of the Pool A / Pool B split" };
    private static readonly Option<int> MeanSize = new("--mean-size") { Description = "Discovery: examples in the label-balanced mean set", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> DiscoverySize = new("--discovery-size") { Description = "Discovery: examples in the discovery set", DefaultValueFactory = _ => 50 };
    private static readonly Option<string?> DataDir = new("--data-dir") { Description = "Dataset folder (default: CTSFT_DATA, else ~/.cache/ctsft/data)" };
    private static readonly Option<string?> Cache = new("--cache") { Description = "Folder of the shared stages (default: CTSFT_HOME/cache, else ~/.cache/ctsft/cache)" };
    private static readonly Option<string?> Out = new("--out") { Description = "Folder for result.json (default: runs/run-<target>-n<n>-<arm>-s<seed>-<UTC time>)" };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace a result.json already in --out" };
    private static readonly Option<bool> GradientCheckpointing = new("--gradient-checkpointing") { Description = TrainCommand.GradientCheckpointingHelp };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result JSON on standard output instead of the table" };

    public static Command Create()
    {
        var command = new Command("run", "One transfer end to end: stage 1 on the proxy, discovery, stage 2 of one arm on the target, evaluation (method.md 1, 7)") { Model };
        foreach (var option in new Option[] { Task, Proxy, Target, N, Arm, Depth, Ratio, PerIteration, Seed, SampleSeed, ProxyN, Stage1Lr, Lr, LrSearch,
                     XnliLanguages, SplitSeed, MeanSize, DiscoverySize, DataDir, Cache, Out, Force, GradientCheckpointing, Json })
            command.Options.Add(option);
        var device = new DeviceOptions();
        device.AddTo(command);
        var precision = new PrecisionOption();
        precision.AddTo(command);
        var files = new UserTaskOptions();
        files.AddTo(command);
        command.SetAction(parse => CommandAction.Run(() =>
        {
            var proxy = parse.GetValue(Proxy) ?? files.LanguageOf(parse, files.ProxyFile);
            var target = parse.GetValue(Target) ?? files.LanguageOf(parse, files.TargetFile)
                ?? throw new BadSettingException("target", "{target} is required (the target language, e.g. jav)");
            var userTask = files.Read(parse, proxy ?? "", target);
            var task = parse.GetValue(Task) ?? (userTask is null ? "nusax" : UserTask.Key);
            var ratio = parse.GetValue(Ratio);
            var perIteration = parse.GetValue(PerIteration);
            if (ratio is not null && perIteration is not null) throw new BadInputException("give --ratio or --per-iteration, not both");
            var search = parse.GetValue(LrSearch) is { } text ? LearningRates.ParseList(text, "option --lr-search") : null;
            var settings = new TransferSettings
            {
                Model = parse.GetValue(Model)!, Task = task,
                Proxy = proxy ?? Data.DataTasks.All.FirstOrDefault(t => t.Key == task)?.ProxyLanguage ?? "",
                Target = target, UserData = userTask, N = parse.GetValue(N), Arm = Arms.Parse(parse.GetValue(Arm)!, "option --arm"),
                Depth = parse.GetValue(Depth), Ratio = ratio ?? 0.02, PerIteration = perIteration, Seed = parse.GetValue(Seed),
                SampleSeed = parse.GetValue(SampleSeed), ProxyN = parse.GetValue(ProxyN)!.Trim().ToLowerInvariant(),
                Rates = new LearningRates(parse.GetValue(Stage1Lr), parse.GetValue(Lr), null, search),
                XnliLanguages = parse.GetValue(XnliLanguages)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                SplitSeed = parse.GetValue(SplitSeed), MeanSize = parse.GetValue(MeanSize), DiscoverySize = parse.GetValue(DiscoverySize),
                DataDir = parse.GetValue(DataDir), Precision = precision.Read(parse),
            };
            return Run(settings, parse.GetValue(Cache) ?? DefaultStageCache.Folder(), parse.GetValue(Out), parse.GetValue(Force), parse.GetValue(Json),
                device.Read(parse), parse.GetValue(GradientCheckpointing));
        }));
        return command;
    }

    public static int Run(TransferSettings settings, string cacheFolder, string? outFolder, bool force, bool json, Ctsft.Runtime.DeviceSelection? device = null,
        bool gradientCheckpointing = false)
    {
        var executor = new StageExecutor(device, gradientCheckpointing);
        TransferValidation.Check(settings, executor);
        var folder = Path.GetFullPath(outFolder ?? Path.Combine("runs",
            string.Create(CultureInfo.InvariantCulture, $"run-{settings.Target}-n{settings.N}-{settings.Arm.Name()}-s{settings.Seed}-{DateTime.UtcNow:yyyyMMdd-HHmmss}")));
        var resultFile = Path.Combine(folder, "result.json");
        if (File.Exists(resultFile) && !force)
            throw new BadInputException($"option --out: {folder} already holds a result; choose another folder or use --force to replace it");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var result = ProgressBar.Show(bar =>
                TransferRun.Execute(settings, new TransferContext(new StageCache(cacheFolder), executor, ProgressBar.Transfer(bar), cancel.Token)));
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(resultFile, result.ToJsonString() + "\n");
            if (json) Console.WriteLine(result.ToJsonString());
            else Render(settings, result, resultFile);
            return CommandAction.Success;
        }
        catch (Training.TrainingStoppedException e)
        {
            CommandAction.WriteError(e.Message);
            return CommandAction.Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static void Render(TransferSettings s, TransferResult result, string resultFile)
    {
        static string F(double? v) => v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"{s.Model}: {s.Proxy} -> {s.Target}, n {s.N}, arm {s.Arm.Name()}{(s.Arm.DependsOnDepth() ? $", depth {s.Depth}" : "")}, seed {s.Seed}"))
            .AddColumns("model", $"{s.Target} test (target)", $"{s.Proxy} test (proxy)");
        if (result.A0Accuracy is not null) table.AddRow("competence checkpoint (A0)", F(result.A0Accuracy), F(result.CompetenceProxyAccuracy));
        table.AddRow($"after stage 2 ({s.Arm.Name()}, lr {LearningRates.Text(result.LearningRate)})", F(result.TargetAccuracy), F(result.ProxyAccuracy));
        AnsiConsole.Write(table);
        var budget = result.Json["budget"];
        if (budget?["trainable_entries"] is { } trainable)
            AnsiConsole.MarkupLineInterpolated($"trainable entries: {trainable.GetValue<long>():N0} (paper's count {budget["paper_percent"]?.GetValue<double>():F2}%)");
        if (result.CoincidesWith.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"the arms {s.Arm.Name()} and {string.Join(", ", result.CoincidesWith)} select the same heads here: they share one training run");
        AnsiConsole.MarkupLineInterpolated($"time per stage: {string.Join(", ", result.StageSeconds.Where(p => p.Value > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F1} s")))}");
        AnsiConsole.MarkupLineInterpolated($"wrote {resultFile}");
    }
}
