using System.CommandLine;
using System.Globalization;
using Ctsft.Circuits;
using Ctsft.Models;
using Spectre.Console;

namespace Ctsft.Cli.Commands;

/// <summary>
/// <c>ctsft discover &lt;checkpoint&gt;</c>: CD-T head scores, the circuit and its comparison sets (method.md 5), written
/// as circuit.json and heatmaps, with a ranked table on standard output.
/// </summary>
public static class DiscoverCommand
{
    private static readonly Argument<string> Checkpoint = new("checkpoint") { Description = "The competence checkpoint: a model folder, hub id or built-in name (minilm)" };
    private static readonly Option<string> Task = new("--task") { Description = "Task: nusax or xnli", DefaultValueFactory = _ => "nusax" };
    private static readonly Option<string> Language = new("--lang") { Description = "Proxy language (nusax: ind; xnli: en)", Required = true };
    private static readonly Option<int> Depth = new("--depth") { Description = "Max selection depth D (0 = heads acting on the readout only)", DefaultValueFactory = _ => 2 };
    private static readonly Option<double?> Ratio = new("--ratio") { Description = "Fraction p of all heads kept per iteration (default 0.02: k = max(1, floor(p x heads)))" };
    private static readonly Option<int?> PerIteration = new("--per-iteration") { Description = "Heads kept per iteration (instead of --ratio)" };
    private static readonly Option<string> Attention = new("--attention") { Description = "Attention rule: eq11 (CD-T eq. 11) or frozen", DefaultValueFactory = _ => "eq11" };
    private static readonly Option<bool> NoCollapse = new("--no-collapse") { Description = "Do not collapse sign conflicts between beta and gamma" };
    private static readonly Option<int> MeanSize = new("--mean-size") { Description = "Examples in the label-balanced mean set", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> DiscoverySize = new("--discovery-size") { Description = "Examples in the discovery set", DefaultValueFactory = _ => 50 };
    private static readonly Option<bool> Overlap = new("--discovery-may-overlap-means") { Description = "Let the discovery set share examples with the mean set" };
    private static readonly Option<ulong> SplitSeed = new("--split-seed") { Description = "Seed of the Pool A / Pool B split" };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the mean set, the discovery set and the Random comparison set" };
    private static readonly Option<string> Margin = new("--margin") { Description = "Gold margin of margin-faithfulness: max-other (gold minus the best other label) or mean-others", DefaultValueFactory = _ => "max-other" };
    private static readonly Option<bool> AllowNewClassifier = new("--allow-new-classifier") { Description = "Encoders: score against a seeded new classifier when the checkpoint has none" };
    private static readonly Option<int> InitSeed = new("--init-seed") { Description = "Seed of a new classifier (with --allow-new-classifier)" };
    private static readonly Option<int?> BatchSize = new("--batch-size") { Description = "Discovery examples per batched pass (does not change any score; default: 1 for small models, 8 from 100M parameters)" };
    private static readonly Option<int> Top = new("--top") { Description = "Rows of the ranked table", DefaultValueFactory = _ => 15 };
    private static readonly Option<string> Out = new("--out") { Description = "Output folder (circuit.json, heatmap.png)", Required = true };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace an output folder that holds another run (only once this run completes)" };
    private static readonly Option<string?> XnliLanguages = new("--xnli-languages")
    {
        Description = "XNLI: the run's language set of the 128-token prompt filter, e.g. en,th,vi,es,zh; give every stage the same set (default: en and --lang)",
    };

    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Dataset folder (holding nusax-senti/, xnli/); default: CTSFT_DATA, else ~/.cache/ctsft/data" };
        var command = new Command("discover", "Score every attention head by CD-T and select a circuit (method.md section 5)") { Checkpoint };
        foreach (var option in new Option[] { Task, Language, Depth, Ratio, PerIteration, Attention, NoCollapse, MeanSize, DiscoverySize, Overlap,
                     SplitSeed, Seed, Margin, AllowNewClassifier, InitSeed, BatchSize, Top, Out, Force, XnliLanguages, dataDir })
            command.Options.Add(option);
        var device = new DeviceOptions();
        device.AddTo(command);
        var precision = new PrecisionOption();
        precision.AddTo(command);
        command.SetAction(parse => CommandAction.Run(() =>
        {
            var ratio = parse.GetValue(Ratio);
            var perIteration = parse.GetValue(PerIteration);
            if (ratio is not null && perIteration is not null)
                throw new BadSettingException("ratio", "give {ratio} or {per_iteration}, not both");
            var settings = new DiscoverySettings
            {
                Checkpoint = parse.GetValue(Checkpoint)!,
                Task = parse.GetValue(Task)!,
                Language = parse.GetValue(Language)!,
                Depth = parse.GetValue(Depth),
                Ratio = ratio ?? 0.02,
                PerIteration = perIteration,
                Decomposition = new DecompositionOptions(DecompositionOptions.ParseAttention(parse.GetValue(Attention)!), !parse.GetValue(NoCollapse)),
                MeanSize = parse.GetValue(MeanSize),
                DiscoverySize = parse.GetValue(DiscoverySize),
                DiscoveryDisjointFromMeanSet = !parse.GetValue(Overlap),
                SplitSeed = parse.GetValue(SplitSeed),
                Seed = parse.GetValue(Seed),
                DataDir = parse.GetValue(dataDir),
                Margin = ParseMargin(parse.GetValue(Margin)!),
                AllowNewClassifier = parse.GetValue(AllowNewClassifier),
                InitSeed = parse.GetValue(InitSeed),
                Scoring = ScoringSettings.Default with { ExampleBatchSize = parse.GetValue(BatchSize) is { } b ? Positive(b, "batch_size") : null },
                XnliLanguages = Ctsft.Data.Protocol.XnliLanguageSet.Parse(parse.GetValue(XnliLanguages)),
                Device = device.Read(parse),
                Precision = precision.Read(parse),
            };
            return Discover(settings, parse.GetValue(Out)!, parse.GetValue(Top), parse.GetValue(Force));
        }));
        return command;
    }

    public static int Discover(DiscoverySettings settings, string outFolder, int top = 15, bool force = false)
    {
        var run = CommandAction.Cancellable(token => ProgressBar.Show(bar => DiscoveryRun.Execute(settings, outFolder, force, bar?.Stages, token)));
        var result = run.Result;
        foreach (var warning in result.Warnings) Console.Error.WriteLine("warning: " + warning);
        Render(result, top);
        AnsiConsole.MarkupLineInterpolated($"wrote [bold]{run.CircuitFile}[/] and {string.Join(", ", run.Heatmaps)}");
        return CommandAction.Success;
    }

    private static void Render(DiscoveryResult result, int top)
    {
        var depth0 = result.Depth0;
        var pickedAt = result.Selection.Depths.SelectMany(d => d.Picked.Select(h => (h, d.Depth))).ToDictionary(p => p.h, p => p.Depth);
        var ranked = result.Config.AllHeads().OrderByDescending(h => depth0[h.Layer, h.Head]).ThenBy(h => h.Layer).ThenBy(h => h.Head).ToArray();
        var table = new Table().Border(TableBorder.Rounded).Title("heads by depth-0 relevance")
            .AddColumns("rank", "head", "depth-0 score", "in circuit (depth)", "comparison sets");
        for (var i = 0; i < ranked.Length; i++)
        {
            var head = ranked[i];
            if (i >= top && !pickedAt.ContainsKey(head)) continue;
            var sets = new[] { ("near-zero", result.Comparison.NearZero), ("least", result.Comparison.Least), ("random", result.Comparison.Random) }
                .Where(s => s.Item2.Contains(head)).Select(s => s.Item1);
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), head.ToString(), depth0[head.Layer, head.Head].ToString("G4", CultureInfo.InvariantCulture),
                pickedAt.TryGetValue(head, out var d) ? $"yes ({d})" : "", string.Join(", ", sets));
        }
        AnsiConsole.Write(table);

        var faithfulness = new Table().Border(TableBorder.Rounded).Title($"faithfulness on {Markup.Escape(result.Data.Validation.Describe())} (full model: accuracy {result.FullValidation.Accuracy:F3}, margin {result.FullValidation.MeanMargin:F3})")
            .AddColumns("scope", "heads", "accuracy", "accuracy faithfulness", "margin", "margin faithfulness");
        foreach (var f in result.Faithfulness)
            faithfulness.AddRow(f.Scope, f.Heads.Count.ToString(CultureInfo.InvariantCulture), f.Kept.Accuracy.ToString("F3", CultureInfo.InvariantCulture),
                Format(f.AccuracyFaithfulness), f.Kept.MeanMargin.ToString("F3", CultureInfo.InvariantCulture), Format(f.MarginFaithfulness));
        AnsiConsole.Write(faithfulness);
        AnsiConsole.MarkupLineInterpolated(
            $"circuit ({result.Circuit.Count} heads, {result.Selection.PerIteration} per iteration, depth {result.Selection.Depths.Count - 1}): {result.Circuit}");
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static MarginDefinition ParseMargin(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mean-others" => MarginDefinition.MeanOfOthers,
        "max-other" => MarginDefinition.MaxOfOthers,
        _ => throw new BadSettingException("margin", $"{{margin}} '{text}' is not a margin: use mean-others or max-other"),
    };

    private static int Positive(int value, string setting) =>
        value > 0 ? value : throw new BadSettingException(setting, $"{{{setting}}} {value} must be at least 1");
}
