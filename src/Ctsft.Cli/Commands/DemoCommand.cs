using System.CommandLine;
using System.Diagnostics;
using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Ctsft.Experiments;
using Ctsft.Reports;
using Ctsft.Runtime;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>ctsft demo</c>: the embedded MiniLM, NusaX ind -> jav, stage 1 on all of Pool A, n 25 and 100, continued full
/// fine-tuning, circuit and near-zero (and A0), one seed, minilm.md's settings (the <c>minilm-demo</c> preset), run as
/// an experiment into a resumable results folder; it ends with what the numbers show. Run again, it reuses everything.
/// </summary>
public static class DemoCommand
{
    public const string Preset = "minilm-demo";

    /// <summary>Gaps smaller than this are noise on MiniLM: the spread over seeds and samples minilm.md measured (0.03-0.05).</summary>
    public const double MinilmNoise = 0.03;

    private static readonly Option<string> Out = new("--out") { Description = "Results folder (resumable; a second demo reuses it)", DefaultValueFactory = _ => "ctsft-demo" };
    private static readonly Option<string?> DataDir = new("--data-dir") { Description = "Dataset folder holding nusax-senti/ (default: CTSFT_DATA, else ~/.cache/ctsft/data; downloaded there when missing)" };
    private static readonly Option<string?> DataSource = new("--data-source") { Description = "Where to download NusaX-Senti from when it is missing: a mirror of the repository's raw files (default: GitHub, pinned commit)" };
    private static readonly Option<string> Model = new("--model") { Description = "The model (folder, hub id or minilm); the settings stay minilm.md's", DefaultValueFactory = _ => "minilm" };

    private static readonly Option<int> Depth = new("--depth") { Description = "Depth of the discovered circuit (3 heads per iteration)", DefaultValueFactory = _ => 2 };

    public static Command Create()
    {
        var command = new Command("demo", "MiniLM, NusaX Indonesian -> Javanese: full fine-tuning against the circuit and near-zero heads at n 25 and 100, in about ten minutes");
        foreach (var option in new Option[] { Out, DataDir, DataSource, Model, Depth }) command.Options.Add(option);
        var device = new DeviceOptions();
        device.AddTo(command);
        command.SetAction(parse => CommandAction.Run(() => Run(parse.GetValue(Out)!, parse.GetValue(DataDir), parse.GetValue(DataSource),
            parse.GetValue(Model)!, parse.GetValue(Depth), device.Read(parse))));
        return command;
    }

    public static int Run(string outFolder, string? dataDirOption, string? dataSource, string model, int depth, DeviceSelection device)
    {
        var clock = Stopwatch.StartNew();
        var dataDir = DataDirectory.Resolve(dataDirOption);
        EnsureNusax(dataDir, dataSource);
        var json = ExperimentPresets.Get(Preset)!;
        json["model"] = model;
        json["data_dir"] = dataDir;
        json["depths"] = new System.Text.Json.Nodes.JsonArray(depth);
        var spec = ExperimentSpecReader.Check(json, $"ctsft demo (preset {Preset})", StageExecutor.Default);
        AnsiConsole.MarkupLineInterpolated(
            $"ctsft demo: {spec.Model}, NusaX {spec.Proxy} -> {string.Join(", ", spec.Targets)}; stage 1 on all of Pool A; n {string.Join(" and ", spec.N)}; arms {string.Join(", ", spec.Arms.Select(a => a.Name()))}; results in {Path.GetFullPath(outFolder)}");
        var code = ExperimentCommand.Run(spec, outFolder, new ExperimentOptions(Shard.Whole), device);
        var report = ExperimentReport.Build(outFolder);
        var files = ReportWriter.Write(report, ReportWriter.DefaultOut(outFolder));
        Console.Out.WriteLine();
        foreach (var circuitDepth in spec.Depths)
        {
            Console.Out.WriteLine(MarkdownReport.AccuracyTable(report, circuitDepth));
            Console.Out.WriteLine(MarkdownReport.ForgettingTable(report, circuitDepth));
        }
        Console.Out.WriteLine($"Full report (bootstrap intervals, budgets, the discovery): {files.Markdown}");
        Console.Out.WriteLine($"Plots: {string.Join(", ", files.Plots.Select(p => Path.Combine(files.Folder, p)))}");
        Console.Out.WriteLine();
        Console.Out.WriteLine("What the numbers show:");
        var done = report.Source.Runs.Where(r => r.IsDone && r.Result is not null).Select(r => TransferResult.From(r.Result!));
        foreach (var line in TransferFindings.Describe(done, spec.Proxy, MinilmNoise)) Console.Out.WriteLine(line);
        Console.Out.WriteLine();
        const string claim = "The paper's claim (CT-SFT above continued full fine-tuning on the target, with less forgetting of the proxy, from " +
                             "25-100 examples) is about Qwen2.5-0.5B. ";
        Console.Out.WriteLine(model == "minilm"
            ? claim + "MiniLM is a small English sentence encoder: on it the head scopes are expected to come close to full fine-tuning " +
              "with about 2% of the parameters, not to beat it (an independent pilot found the same; the README's MiniLM grid measures it " +
              "over 4 targets and 2 seeds). For the paper's model: ctsft experiment paper-nusax --out DIR."
            : claim + $"This demo ran {model} with MiniLM's settings; for a grid of your own: ctsft experiment <spec.json> --out DIR.");
        AnsiConsole.MarkupLineInterpolated($"demo: {clock.Elapsed:m\\m\\ ss\\s}; results: {Path.GetFullPath(outFolder)}; ctsft experiment status {outFolder}");
        return code;
    }

    private static void EnsureNusax(string dataDir, string? dataSource)
    {
        Uri? source = null;
        if (dataSource is not null && !Uri.TryCreate(dataSource, UriKind.Absolute, out source))
            throw new BadInputException($"option --data-source: '{dataSource}' is not an absolute address");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            var report = DatasetAcquisition.GetAsync(NusaxSenti.Task, dataDir, source, http,
                line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]")).GetAwaiter().GetResult();
            if (report.Downloaded.Count > 0)
                AnsiConsole.MarkupLineInterpolated($"NusaX-Senti: {report.Downloaded.Count} files downloaded into {report.Folder} (licence {NusaxSenti.Task.Licence})");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or BadInputException)
        {
            throw new BadInputException(
                $"the demo needs NusaX-Senti in {Path.Combine(dataDir, NusaxSenti.Task.Folder)}, and it could not be downloaded from " +
                $"{source ?? NusaxAcquisition.DefaultSource} ({e.Message}). Either connect this machine and run `ctsft demo` again, or " +
                $"run `ctsft data get nusax --data-dir DIR` on a connected machine, copy DIR here and run `ctsft demo --data-dir DIR` " +
                $"(or set {DataDirectory.EnvironmentVariable}=DIR)");
        }
    }
}
