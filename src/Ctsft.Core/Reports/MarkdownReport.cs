using System.Globalization;
using System.Text;
using Ctsft.Reproducibility;

namespace Ctsft.Reports;

/// <summary>The report as Markdown: tables shaped like the paper's, the bootstrap, budgets, discoveries and the plots.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(ExperimentReport report, IReadOnlyList<string>? plots = null)
    {
        var s = report.Source;
        var md = new StringBuilder();
        md.AppendLine($"# CT-SFT report: {s.Model}, {s.Task}, {s.Proxy} -> {string.Join(", ", report.Targets)}").AppendLine();
        md.AppendLine($"Results folder `{s.Folder}` (spec hash `{s.SpecHash}`): {s.Status.Done} of {s.Status.Runs.Count} runs done, " +
                      $"{s.Status.Failed} failed, {s.Status.Pending} pending. ctsft {ToolVersion.Current}.").AppendLine();
        if (s.Status.StageSeconds.Count > 0)
            md.AppendLine(string.Create(C, $"Computing time recorded: {s.Status.ComputeSeconds / 3600:F2} h; per stage: {s.Status.StageSecondsText()}. Cache hits excluded.")).AppendLine();
        foreach (var warning in report.Warnings) md.AppendLine($"> **Warning:** {warning}").AppendLine();
        md.AppendLine(PaperNote(report)).AppendLine();
        md.AppendLine(report.SelectionNote).AppendLine();
        foreach (var depth in report.Depths) md.Append(AccuracyTable(report, depth)).AppendLine();
        foreach (var depth in report.Depths) md.Append(ForgettingTable(report, depth)).AppendLine();
        md.Append(BootstrapTable(report)).AppendLine();
        if (report.Comparisons.Any(c => c.Against == ArmOrder.EqualBudget)) md.Append(EqualBudgetTable(report)).AppendLine();
        md.Append(BudgetTable(report)).AppendLine();
        md.Append(DiscoveryTable(report)).AppendLine();
        if (plots is { Count: > 0 })
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var plot in plots) md.AppendLine($"![{Path.GetFileNameWithoutExtension(plot)}]({plot})").AppendLine();
        }
        if (s.Foreign.Count > 0)
        {
            md.AppendLine("## Recorded runs that are not cells of this spec").AppendLine();
            md.AppendLine("| run | status | target acc. | proxy acc. |").AppendLine("|---|---|---|---|");
            foreach (var r in s.Foreign) md.AppendLine($"| {r.Key} | {r.Status} | {F(r.TargetAccuracy)} | {F(r.ProxyAccuracy)} |");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string PaperNote(ExperimentReport report) => report.PaperSetting
        ? $"This is the paper's setting ({PaperNumbers.ModelLabel}): the paper's means (method.md 8) stand beside ours with the difference ours - paper."
        : $"The paper's numbers are of its model, {PaperNumbers.ModelLabel} (method.md 8), not of {report.Source.Model}: they are shown apart, in columns labelled with the paper's model, for orientation only, never subtracted from ours.";

    private static string DepthTitle(int? depth) => depth is { } d ? $" (head arms at depth {d})" : "";

    /// <summary>
    /// Target test accuracy, mean +- sd over seeds, per target x arm (rows) and n (columns) at one depth, with the
    /// competence row (the proxy's test set) and each target's A0 row; the paper's numbers beside where it has them.
    /// </summary>
    public static string AccuracyTable(ExperimentReport report, int? depth)
    {
        var (s, ns) = (report.Source, report.Ns);
        var paperNs = ns.Where(n => report.Cells.Any(c => c.N == n && c.PaperTest is not null && (c.Depth is null || c.Depth == depth))).ToArray();
        if (paperNs.Length == 0 && ns.Count > 0 && (report.PaperCompetence is not null || report.PaperA0.Values.Any(v => v is not null))) paperNs = [ns[0]];
        var seeds = SeedCount(report);
        var md = new StringBuilder();
        md.AppendLine($"## Test accuracy{DepthTitle(depth)}").AppendLine();
        md.AppendLine($"Target test accuracy, mean ± sample standard deviation over seeds ({Seeds(report)}).").AppendLine();
        var header = new List<string> { "target", "row" };
        foreach (var n in ns)
        {
            header.Add($"n = {n}");
            if (paperNs.Contains(n)) header.Add(PaperHeader(report, $"n = {n}"));
        }
        md.AppendLine("| " + string.Join(" | ", header) + " |").AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        string Row(string target, string label, Func<int, (SeedSummary? Ours, PaperValue? Paper)> value)
        {
            var cells = new List<string> { target, label };
            foreach (var n in ns)
            {
                var (ours, paper) = value(n);
                cells.Add(Summary(ours, seeds));
                if (paperNs.Contains(n)) cells.Add(Paper(report, paper, ours?.Mean));
            }
            return "| " + string.Join(" | ", cells) + " |";
        }
        md.AppendLine(Row(s.Proxy, $"competence checkpoint ({s.Proxy} test)", _ => (report.Competence, report.PaperCompetence)));
        foreach (var target in report.Targets)
        {
            md.AppendLine(Row(target, "A0 (competence checkpoint, no tuning)", _ => (report.A0.GetValueOrDefault(target), report.PaperA0.GetValueOrDefault(target))));
            foreach (var arm in report.ArmsAt(depth))
                md.AppendLine(Row(target, arm, n => report.Cell(target, n, arm, depth) is { } c ? (c.Test, c.PaperTest) : (null, null)));
        }
        return md.ToString();
    }

    /// <summary>The proxy's test accuracy after stage 2 against the competence checkpoint's (forgetting), per target x arm and n.</summary>
    public static string ForgettingTable(ExperimentReport report, int? depth)
    {
        var (s, ns) = (report.Source, report.Ns);
        var md = new StringBuilder();
        md.AppendLine($"## Forgetting: {s.Proxy} test accuracy after stage 2{DepthTitle(depth)}").AppendLine();
        md.AppendLine($"The competence checkpoint scores {Summary(report.Competence)} on the {s.Proxy} test set" +
                      (report.PaperCompetence is { } pc ? $" ({PaperHeader(report, "")}: {pc.Value:F3})" : "") +
                      $". Each cell: {s.Proxy} accuracy after stage 2, and in brackets its change against the same seed's competence checkpoint (negative: forgotten).").AppendLine();
        var header = new List<string> { "target", "arm" };
        header.AddRange(ns.Select(n => $"n = {n}"));
        header.Add(PaperHeader(report, ""));
        md.AppendLine("| " + string.Join(" | ", header) + " |").AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (var target in report.Targets)
            foreach (var arm in report.ArmsAt(depth))
            {
                var cells = ns.Select(n => report.Cell(target, n, arm, depth)).ToArray();
                var paper = cells.Where(c => c?.PaperProxyAfter is not null).Select(c => c!.PaperProxyAfter!).Distinct().ToArray();
                md.AppendLine("| " + string.Join(" | ", new[] { target, arm }
                    .Concat(cells.Select(c => c?.ProxyAfter is null ? "—" : Forgetting(c, SeedCount(report))))
                    .Append(paper.Length == 0 ? "—" : string.Join("; ", paper.Select(p => $"{Range(p)} ({p.Note})")))) + " |");
            }
        return md.ToString();
    }

    /// <summary>Each arm against continued full FT: the mean difference, its bootstrap interval, and the seeds won.</summary>
    public static string BootstrapTable(ExperimentReport report) =>
        ComparisonTable(report, ArmOrder.Baseline, "## Is a difference real? Each arm against continued full FT", "(arm - full FT)",
            "No comparison: no arm and continued full FT are both done at any target and n.");

    /// <summary>CT-SFT (Circuit, NearZero, the selection) against LoRA matched to the same run's circuit budget.</summary>
    public static string EqualBudgetTable(ExperimentReport report) =>
        ComparisonTable(report, ArmOrder.EqualBudget, "## CT-SFT against LoRA at the circuit's budget",
            "(CT-SFT arm - LoRA) at the same depth, LoRA's rank chosen so that its trainable count is closest to the same seed's circuit (the budget table below),",
            "No comparison: no CT-SFT arm and LoRA are both done at any target, n and depth.");

    private static string ComparisonTable(ExperimentReport report, string against, string heading, string difference, string none)
    {
        var b = report.Options.Bootstrap;
        var comparisons = report.Comparisons.Where(c => c.Against == against).ToArray();
        var md = new StringBuilder();
        md.AppendLine(heading).AppendLine();
        var scheme = against == ArmOrder.Baseline ? $"a {BootstrapOptions.Scheme}" : $"the paired bootstrap of the table above, {against} in the place of full FT";
        md.AppendLine(string.Create(C, $"Mean over seeds of {difference} target test accuracy, with a {b.Confidence * 100:0.#}% interval from {scheme}; ") +
                      string.Create(C, $"{b.Resamples:N0} resamples, bootstrap seed {b.Seed}. An interval that leaves out 0 is a gap the seeds and test examples do not explain; won / tied / lost count the seeds.")).AppendLine();
        if (comparisons.Length == 0) return md.AppendLine(none).ToString();
        md.AppendLine("| target | n | arm | depth | mean difference | interval | seeds won / tied / lost | distinguishable |").AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var c in comparisons)
        {
            var d = c.Depth?.ToString(C) ?? "—";
            md.AppendLine(c.Result is { } r
                ? string.Create(C, $"| {c.Target} | {c.N} | {c.Arm} | {d} | {Signed(r.MeanDifference)} | [{Signed(r.Lower)}, {Signed(r.Upper)}] | {r.Wins} / {r.Ties} / {r.Losses} of {r.Seeds} | {(r.ExcludesZero ? (r.MeanDifference > 0 ? "yes, better" : "yes, worse") : "no")} |")
                : $"| {c.Target} | {c.N} | {c.Arm} | {d} | — | — | — | {c.Missing} |");
        }
        return md.ToString();
    }

    /// <summary>What each arm trains: the paper's count (4 x d_model x d_head per head + norms) and the distinct entries.</summary>
    public static string BudgetTable(ExperimentReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("## Trainable budget").AppendLine();
        md.AppendLine("The paper's count charges each head 4 x d_model x d_head plus every norm, over a total counting a tied output embedding; distinct entries are what actually trains (biases included, shared key/value rows once). A range is min–max over the runs.").AppendLine();
        if (report.Budgets.Count == 0) return md.AppendLine("No run is done yet.").ToString();
        md.AppendLine("| arm | depth | heads | paper's count | paper's % | distinct entries | distinct % |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in report.Budgets)
            md.AppendLine(string.Create(C, $"| {r.Arm} | {r.Depth?.ToString(C) ?? "—"} | {IntRange(r.Heads.Min, r.Heads.Max)} | {IntRange(r.PaperTrainable.Min, r.PaperTrainable.Max)} | ") +
                          $"{PercentRange(r.PaperPercentMin, r.PaperPercentMax)} | {IntRange(r.DistinctTrainable.Min, r.DistinctTrainable.Max)} | {PercentRange(r.DistinctPercentMin, r.DistinctPercentMax)} |");
        return md.ToString();
    }

    public static string DiscoveryTable(ExperimentReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("## Discoveries").AppendLine();
        if (report.Discoveries.Count == 0) return md.AppendLine("No discovery is recorded (no head arm is done).").ToString();
        md.AppendLine("One discovery per competence checkpoint (seed); the circuit is the union of the picks of depths 0..d.").AppendLine();
        md.AppendLine("| seed | depth | circuit | heads | circuit.json |").AppendLine("|---|---|---|---|---|");
        foreach (var d in report.Discoveries)
            md.AppendLine(string.Create(C, $"| {d.Seed} | {d.Depth}{(d.DepthReached < d.Depth ? $" (search stopped at {d.DepthReached})" : "")} | {d.Circuit.Count} | {string.Join(", ", d.Circuit)} | `{Path.GetRelativePath(report.Source.Folder, d.CircuitFile)}` |"));
        return md.ToString();
    }

    private static string Seeds(ExperimentReport report)
    {
        var seeds = report.Source.Runs.Select(r => r.Seed).Distinct().Order().ToArray();
        return $"{seeds.Length} seed{(seeds.Length == 1 ? "" : "s")}: {string.Join(", ", seeds)}; a cell over fewer seeds says how many";
    }

    private static string PaperHeader(ExperimentReport report, string what) =>
        (report.PaperSetting ? "paper (Δ = ours − paper)" : $"paper's model ({PaperNumbers.ModelLabel})") + (what.Length > 0 ? ", " + what : "");

    private static string Paper(ExperimentReport report, PaperValue? paper, double? ours) =>
        paper is null ? "—" : report.PaperSetting && ours is { } o && !paper.IsRange ? $"{Range(paper)} (Δ {Signed(o - paper.Value)})" : Range(paper);

    private static string Forgetting(ArmCell cell, int seeds)
    {
        var after = cell.ProxyAfter!;
        var text = after.Std is { } sd ? string.Create(C, $"{after.Mean:F3} ± {sd:F3}") : after.Mean.ToString("F3", C);
        var change = $"{text} ({Signed(cell.ProxyChange?.Mean)})";
        return cell.ProxyAfter!.Count < seeds ? $"{change}, {cell.ProxyAfter.Count} of {seeds} seeds" : change;
    }

    private static int SeedCount(ExperimentReport report) => report.Source.Runs.Select(r => r.Seed).Distinct().Count();

    /// <summary>Mean ± sd; "(k of K seeds)" when fewer seeds than the grid's are done; "(1 seed)" has no sd.</summary>
    public static string Summary(SeedSummary? s, int seeds = 0)
    {
        if (s is null) return "—";
        var text = s.Std is { } sd ? string.Create(C, $"{s.Mean:F3} ± {sd:F3}") : s.Mean.ToString("F3", C);
        return s.Count < seeds ? $"{text} ({s.Count} of {seeds} seeds)" : s.Std is null ? $"{text} (1 seed)" : text;
    }

    private static string F(double? v) => v is { } x ? x.ToString("F3", C) : "—";
    private static string Signed(double? v) => v is { } x ? x.ToString("+0.000;-0.000;0.000", C) : "—";
    private static string Range(PaperValue p) => p.IsRange ? string.Create(C, $"{p.Low:F3}–{p.High:F3}") : p.Value.ToString("F3", C);
    private static string IntRange(long min, long max) => min == max ? min.ToString("N0", C) : string.Create(C, $"{min:N0}–{max:N0}");
    private static string PercentRange(double min, double max) => min == max ? string.Create(C, $"{min:F2}%") : string.Create(C, $"{min:F2}–{max:F2}%");
}
