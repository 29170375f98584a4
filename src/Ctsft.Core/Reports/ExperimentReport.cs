using Ctsft.Experiments;

namespace Ctsft.Reports;

/// <summary>
/// Everything a report shows, computed once from a results folder (<see cref="Build"/>): the accuracy and forgetting
/// tables over seeds, the A0 and competence rows, the paper's numbers where it has them, each arm against continued
/// full FT by a paired bootstrap, the trainable budgets and the discoveries. Markdown, JSON and plots are views of it
/// (<see cref="ReportWriter"/>).
/// </summary>
public sealed record ExperimentReport(
    ReportSource Source,
    ReportOptions Options,
    bool PaperSetting,
    IReadOnlyList<string> Targets,
    IReadOnlyList<int> Ns,
    IReadOnlyList<int?> Depths,
    IReadOnlyList<string> Arms,
    SeedSummary? Competence,
    PaperValue? PaperCompetence,
    IReadOnlyDictionary<string, SeedSummary?> A0,
    IReadOnlyDictionary<string, PaperValue?> PaperA0,
    IReadOnlyList<ArmCell> Cells,
    IReadOnlyList<Comparison> Comparisons,
    IReadOnlyList<BudgetRow> Budgets,
    IReadOnlyList<DiscoveryView> Discoveries,
    string SelectionNote)
{
    /// <summary>The row of the CT-SFT selection rule when one is used (method.md 8: chosen on validation, never on test).</summary>
    public const string SelectedArm = "ct-sft (validation)";

    public IReadOnlyList<string> Warnings => Source.Warnings;

    /// <summary>The arms shown in the table of <paramref name="depth"/>: those without a depth, and those run at it.</summary>
    public IReadOnlyList<string> ArmsAt(int? depth) =>
        Arms.Where(a => Cells.Any(c => c.Arm == a && (c.Depth is null || c.Depth == depth)) || !Cells.Any(c => c.Arm == a)).ToArray();

    public ArmCell? Cell(string target, int n, string arm, int? depth) =>
        Cells.FirstOrDefault(c => c.Target == target && c.N == n && c.Arm == arm && (c.Depth is null || c.Depth == depth));

    /// <summary>Reads the results folder and computes the report.</summary>
    public static ExperimentReport Build(string resultsFolder, ReportOptions? options = null) => Build(ReportSource.Read(resultsFolder), options ?? new());

    public static ExperimentReport Build(ReportSource source, ReportOptions options)
    {
        options.Bootstrap.Validate();
        var (task, proxy) = (source.Task, source.Proxy);
        var done = source.Runs.Where(r => r.IsDone).ToList();
        var selectionNote = Select(options.Selection, done);

        var competenceBySeed = done.Where(r => r.CompetenceProxy is not null).GroupBy(r => r.Seed).ToDictionary(g => g.Key, g => g.First().CompetenceProxy!.Value);
        var targets = source.Runs.Select(r => r.Target).Distinct().ToArray();
        var a0 = targets.ToDictionary(t => t, t => SeedSummary.Of(done.Where(r => r.Target == t && r.A0 is not null)
            .GroupBy(r => r.Seed).Select(g => (g.Key, g.First().A0!.Value))));

        var cells = done.GroupBy(r => (r.Target, r.N, r.Arm, r.Depth)).Select(g =>
        {
            var (target, n, arm, depth) = g.Key;
            var paperArm = arm == SelectedArm ? "circuit" : arm;
            return new ArmCell(target, n, arm, depth,
                SeedSummary.Of(g.Select(r => (r.Seed, r.TargetAccuracy!.Value)))!,
                SeedSummary.Of(g.Where(r => r.ProxyAccuracy is not null).Select(r => (r.Seed, r.ProxyAccuracy!.Value))),
                SeedSummary.Of(g.Where(r => r.ProxyAccuracy is not null && competenceBySeed.ContainsKey(r.Seed))
                    .Select(r => (r.Seed, r.ProxyAccuracy!.Value - competenceBySeed[r.Seed]))),
                PaperNumbers.Accuracy(task, proxy, target, n, paperArm, depth),
                PaperNumbers.ProxyAfter(task, proxy, paperArm, n, depth));
        }).ToArray();

        var depths = source.Runs.Select(r => r.Depth).Where(d => d is not null).Distinct().Order().ToList();
        if (depths.Count == 0) depths.Add(null);
        var arms = ArmOrder.Sort(source.Runs.Select(r => r.Arm)).ToList();
        if (done.Any(r => r.Arm == SelectedArm)) arms.Insert(arms.Contains("nearzero") ? arms.IndexOf("nearzero") + 1 : arms.Count, SelectedArm);

        return new ExperimentReport(source, options, PaperNumbers.IsPaperSetting(source.Model, task, proxy, source.ProxyN),
            targets, source.Runs.Select(r => r.N).Distinct().Order().ToArray(), depths, arms,
            SeedSummary.Of(competenceBySeed.Select(p => (p.Key, p.Value))), PaperNumbers.Competence(task, proxy),
            a0, targets.ToDictionary(t => t, t => PaperNumbers.A0(task, proxy, t)),
            cells, Compare(source, done, options.Bootstrap), Budget(done), Discover(source, done), selectionNote);
    }

    /// <summary>Adds the selected CT-SFT runs to <paramref name="done"/> and says what the rule was.</summary>
    private static string Select(CtSftSelection selection, List<ReportRun> done)
    {
        if (selection == CtSftSelection.None)
            return "No selection rule is used: Circuit and NearZero are reported separately (the paper's CT-SFT number is the better of the two chosen on test, so it stands beside both).";
        var pairs = done.Where(r => r.Arm is "circuit" or "nearzero").GroupBy(r => (r.Target, r.N, r.Depth, r.Seed))
            .Where(g => g.Count() == 2).ToArray();
        var usable = pairs.Where(g => g.All(r => r.ValidationAccuracy is not null)).ToArray();
        foreach (var g in usable)
        {
            var circuit = g.Single(r => r.Arm == "circuit");
            var nearZero = g.Single(r => r.Arm == "nearzero");
            var chosen = nearZero.ValidationAccuracy > circuit.ValidationAccuracy ? nearZero : circuit;
            done.Add(chosen with { Arm = SelectedArm });
        }
        var note = $"Selection rule: '{SelectedArm}' takes, per (target, n, depth, seed), whichever of Circuit and NearZero has the better target validation accuracy (ties: Circuit); test accuracy never enters the choice (method.md 8).";
        return usable.Length == pairs.Length ? note
            : note + $" {pairs.Length - usable.Length} of {pairs.Length} pairs have no validation accuracy (it is recorded when the learning rate is searched: lr_search) and are left out.";
    }

    private static IReadOnlyList<Comparison> Compare(ReportSource source, IReadOnlyList<ReportRun> done, BootstrapOptions options)
    {
        var outcomes = new Dictionary<string, IReadOnlyDictionary<string, bool>?>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, bool>? Outcomes(ReportRun run)
        {
            var folder = source.Locate(run.TargetTestFolder);
            if (folder is null) return null;
            if (!outcomes.TryGetValue(folder, out var found))
                outcomes[folder] = found = File.Exists(Path.Combine(folder, Evaluation.PredictionsFile.FileName)) ? TestOutcomes.Read(folder) : null;
            return found;
        }
        var comparisons = new List<Comparison>();
        var againstLora = done.Any(r => r.Arm == ArmOrder.EqualBudget)
            ? done.Where(r => ArmOrder.IsCtSft(r.Arm) || r.Arm == SelectedArm).Select(r => (Run: r, Against: ArmOrder.EqualBudget))
            : [];
        foreach (var group in done.Where(r => r.Arm != ArmOrder.Baseline).Select(r => (Run: r, Against: ArmOrder.Baseline)).Concat(againstLora)
                     .GroupBy(p => (p.Run.Target, p.Run.N, p.Run.Arm, p.Run.Depth, p.Against), p => p.Run)
                     .OrderBy(g => g.Key.Against != ArmOrder.Baseline).ThenBy(g => g.Key.Target, StringComparer.Ordinal).ThenBy(g => g.Key.N)
                     .ThenBy(g => g.Key.Depth).ThenBy(g => ArmRank(done, g.Key.Arm)))
        {
            var (target, n, arm, depth, against) = group.Key;
            var baseline = done.Where(r => r.Arm == against && r.Target == target && r.N == n && (r.Depth is null || r.Depth == depth)).ToDictionary(r => r.Seed);
            var name = against == ArmOrder.Baseline ? "continued full FT" : "lora at the circuit's budget";
            Comparison Missing(string why) => new(target, n, arm, depth, null, why, against);
            var seeds = group.Where(r => baseline.ContainsKey(r.Seed)).OrderBy(r => r.Seed).ToArray();
            if (baseline.Count == 0) { comparisons.Add(Missing($"no {name} run is done at this target and n{(against == ArmOrder.Baseline ? "" : " and depth")}")); continue; }
            if (seeds.Length == 0) { comparisons.Add(Missing($"no seed has both this arm and {name} done")); continue; }
            var paired = new List<PairedSeed>();
            string? problem = null;
            foreach (var run in seeds)
            {
                var (mine, theirs) = (Outcomes(run), Outcomes(baseline[run.Seed]));
                if (mine is null || theirs is null) { problem = $"the test predictions of seed {run.Seed} are not in the results folder (cache/eval)"; break; }
                if (TestOutcomes.Pair(run.Seed, mine, theirs) is not { } pair) { problem = $"seed {run.Seed}: the two runs were not evaluated on the same test examples"; break; }
                paired.Add(pair);
            }
            var comparison = new Comparison(target, n, arm, depth, null, problem, against);
            comparisons.Add(problem is null ? comparison with { Result = PairedBootstrap.Run(paired, options, comparison.Name) } : comparison);
        }
        return comparisons;
    }

    private static IReadOnlyList<BudgetRow> Budget(IReadOnlyList<ReportRun> done) =>
        done.Where(r => r.Arm != SelectedArm && r.Budget?["paper_trainable"] is not null && r.Budget["distinct_trainable"] is not null)
            .GroupBy(r => (r.Arm, r.Depth))
            .Select(g =>
            {
                long Get(ReportRun r, string key) => r.Budget![key]!.GetValue<long>();
                (long, long) Range(string key) => (g.Min(r => Get(r, key)), g.Max(r => Get(r, key)));
                return new BudgetRow(g.Key.Arm, g.Key.Depth, (g.Min(r => r.Heads.Count), g.Max(r => r.Heads.Count)), Range("paper_trainable"),
                    Get(g.First(), "paper_total"), Range("distinct_trainable"), Get(g.First(), "distinct_total"));
            })
            .OrderBy(b => ArmRank(done, b.Arm)).ThenBy(b => b.Depth).ToArray();

    private static int ArmRank(IReadOnlyList<ReportRun> runs, string arm) => ArmOrder.Sort(runs.Select(r => r.Arm)).ToList().IndexOf(arm);

    private static IReadOnlyList<DiscoveryView> Discover(ReportSource source, IReadOnlyList<ReportRun> done)
    {
        var views = new List<DiscoveryView>();
        foreach (var group in done.Where(r => r.DiscoveryFolder is not null && r.Depth is not null).GroupBy(r => (r.Seed, Depth: r.Depth!.Value, r.DiscoveryFolder))
                     .OrderBy(g => g.Key.Seed).ThenBy(g => g.Key.Depth))
        {
            if (source.Locate(group.Key.DiscoveryFolder) is not { } folder || !File.Exists(StageExecutor.CircuitFile(folder))) continue;
            var file = StageExecutor.CircuitFile(folder);
            var heads = DiscoveredHeads.Read(file, group.Key.Depth, group.Key.Seed);
            views.Add(new DiscoveryView(group.Key.Seed, group.Key.Depth, heads.Depth, file, heads.Circuit.Select(h => h.ToString()).ToArray()));
        }
        return views;
    }
}
