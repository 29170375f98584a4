using System.Globalization;
using Ctsft.Circuits;
using Ctsft.Experiments;
using Ctsft.Models;
using ScottPlot;

namespace Ctsft.Reports;

/// <summary>
/// The report's plots (PNG): accuracy against n per target (one line per arm, error bars one standard deviation over
/// seeds, A0 dashed), the proxy's accuracy after stage 2 per arm against the competence checkpoint's, each
/// discovery's head-score heatmap with its circuit marked, and the trainable budget per arm.
/// </summary>
public static class ReportPlots
{
    private const int Width = 900, Height = 560;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Writes every plot into <paramref name="folder"/> and returns the file names, in the order the report shows them.</summary>
    public static IReadOnlyList<string> WriteAll(ExperimentReport report, string folder)
    {
        var names = new List<string>();
        if (report.Cells.Count == 0) return names;
        foreach (var depth in report.Depths)
            foreach (var target in report.Targets)
                if (report.Cells.Any(c => c.Target == target))
                    names.Add(Accuracy(report, target, depth, folder));
        foreach (var depth in report.Depths)
            if (report.Cells.Any(c => c.ProxyAfter is not null)) names.Add(Retention(report, depth, folder));
        if (report.Budgets.Count > 0) names.Add(Budget(report, folder));
        foreach (var discovery in report.Discoveries) names.Add(Heatmap(report, discovery, folder));
        return names;
    }

    private static string Suffix(ExperimentReport report, int? depth) => report.Depths.Count > 1 && depth is { } d ? $"-depth{d}" : "";
    private static string DepthText(int? depth) => depth is { } d ? $", head arms at depth {d}" : "";

    private static Color ArmColor(ExperimentReport report, string arm) => new ScottPlot.Palettes.Category10().GetColor(report.Arms.ToList().IndexOf(arm));

    private static void Style(Plot plot, string title, string x, string y)
    {
        plot.Title(title, size: 18);
        plot.XLabel(x, size: 16);
        plot.YLabel(y, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
    }

    private static string Save(Plot plot, string folder, string name, int width = Width, int height = Height)
    {
        AtomicFile.WriteAllBytes(Path.Combine(folder, name), plot.GetImageBytes(width, height, ImageFormat.Png));
        return name;
    }

    public static string Accuracy(ExperimentReport report, string target, int? depth, string folder)
    {
        var plot = new Plot();
        var ns = report.Ns.ToArray();
        // n on an evenly spaced axis labelled with its values (25, 50, 75, 100 or 25, 100 alike).
        var arms = report.ArmsAt(depth).Where(a => report.Cells.Any(c => c.Target == target && c.Arm == a && (c.Depth is null || c.Depth == depth))).ToArray();
        var offset = arms.Length > 1 ? 0.12 / (arms.Length - 1) : 0;
        for (var i = 0; i < arms.Length; i++)
        {
            var points = ns.Select((n, x) => (X: x + (i - (arms.Length - 1) / 2.0) * offset, Cell: report.Cell(target, n, arms[i], depth)))
                .Where(p => p.Cell is not null).ToArray();
            var xs = points.Select(p => p.X).ToArray();
            var ys = points.Select(p => p.Cell!.Test.Mean).ToArray();
            var color = ArmColor(report, arms[i]);
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = arms[i];
            line.LineWidth = 2;
            line.MarkerSize = 8;
            var errors = plot.Add.ErrorBar(xs, ys, points.Select(p => p.Cell!.Test.Std ?? 0).ToArray());
            errors.Color = color;
        }
        if (report.A0.GetValueOrDefault(target) is { } a0)
        {
            var line = plot.Add.HorizontalLine(a0.Mean, 2, Colors.Gray, LinePattern.Dashed);
            line.LegendText = "A0 (no tuning)";
        }
        plot.Axes.Bottom.SetTicks(ns.Select((_, x) => (double)x).ToArray(), ns.Select(n => n.ToString(C)).ToArray());
        plot.Axes.SetLimitsX(-0.4, ns.Length - 0.6);
        Style(plot, $"{target}: test accuracy ({report.Source.Proxy} -> {target}{DepthText(depth)})", "n (target training examples)", "test accuracy (mean ± sd over seeds)");
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 14;
        return Save(plot, folder, $"accuracy-{target}{Suffix(report, depth)}.png", Width + 160);
    }

    public static string Retention(ExperimentReport report, int? depth, string folder)
    {
        var plot = new Plot();
        var arms = report.ArmsAt(depth).Where(a => report.Cells.Any(c => c.Arm == a && c.ProxyAfter is not null && (c.Depth is null || c.Depth == depth))).ToArray();
        var bars = new List<Bar>();
        for (var i = 0; i < arms.Length; i++)
        {
            var values = report.Cells.Where(c => c.Arm == arms[i] && c.ProxyAfter is not null && (c.Depth is null || c.Depth == depth))
                .SelectMany(c => c.ProxyAfter!.Values).ToArray();
            var mean = values.Average();
            var sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
            bars.Add(new Bar { Position = i, Value = mean, Error = sd, FillColor = ArmColor(report, arms[i]) });
        }
        plot.Add.Bars(bars);
        if (report.Competence is { } competence)
        {
            var line = plot.Add.HorizontalLine(competence.Mean, 2, Colors.Black, LinePattern.Dashed);
            line.LegendText = $"competence checkpoint ({competence.Mean:F3})";
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.FontSize = 14;
        }
        // The mean under each arm's name: a label above the bar would collide with its error bar.
        plot.Axes.Bottom.SetTicks(arms.Select((_, i) => (double)i).ToArray(), arms.Select((a, i) => $"{a}\n{bars[i].Value:F3}").ToArray());
        plot.Axes.SetLimitsY(0, 1.05);
        Style(plot, $"forgetting: {report.Source.Proxy} test accuracy after stage 2{(depth is { } d ? $" (head arms at depth {d})" : "")}", "arm",
            $"{report.Source.Proxy} accuracy (mean ± sd over targets, n, seeds)");
        return Save(plot, folder, $"proxy-retention{Suffix(report, depth)}.png");
    }

    /// <summary>Trainable share per arm on a log axis: the paper's count and the distinct count side by side.</summary>
    public static string Budget(ExperimentReport report, string folder)
    {
        var plot = new Plot();
        var rows = report.Budgets;
        var paper = new List<Bar>();
        var distinct = new List<Bar>();
        var (paperColor, distinctColor) = (new ScottPlot.Palettes.Category10().GetColor(0), new ScottPlot.Palettes.Category10().GetColor(1));
        for (var i = 0; i < rows.Count; i++)
        {
            paper.Add(new Bar { Position = i * 3, Value = Math.Log10(rows[i].PaperPercentMax), ValueBase = -3, FillColor = paperColor, Label = Percent(rows[i].PaperPercentMax) });
            distinct.Add(new Bar { Position = i * 3 + 1, Value = Math.Log10(rows[i].DistinctPercentMax), ValueBase = -3, FillColor = distinctColor, Label = Percent(rows[i].DistinctPercentMax) });
        }
        var a = plot.Add.Bars(paper);
        a.LegendText = "paper's count (4 x d_model x d_head per head + norms)";
        a.ValueLabelStyle.FontSize = 13;
        var b = plot.Add.Bars(distinct);
        b.LegendText = "distinct trainable entries";
        b.ValueLabelStyle.FontSize = 13;
        plot.Axes.Bottom.SetTicks(rows.Select((_, i) => i * 3 + 0.5).ToArray(),
            rows.Select(r => r.Depth is { } d ? $"{r.Arm} (d{d})" : r.Arm).ToArray());
        plot.Axes.Left.SetTicks([-3, -2, -1, 0, 1, 2], ["0.001%", "0.01%", "0.1%", "1%", "10%", "100%"]);
        plot.Axes.SetLimitsY(-3, 3.4);
        Style(plot, "trainable share of the model per arm (largest over runs; log scale)", "arm", "trainable (% of all parameters)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 14;
        return Save(plot, folder, "budget.png", Math.Max(Width, 140 * rows.Count + 200));
    }

    public static string Heatmap(ExperimentReport report, DiscoveryView discovery, string folder)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(discovery.CircuitFile))!.AsObject();
        var name = $"heatmap-seed{discovery.Seed}-depth{discovery.Depth}.png";
        ScoreHeatmap.Write(Path.Combine(folder, name), DiscoveredHeads.Scores(root, 0), new HeadSet(discovery.Circuit.Select(HeadRef.Parse)),
            $"seed {discovery.Seed}: depth-0 relevance on {report.Source.Proxy}\no = circuit at depth {discovery.DepthReached} ({discovery.Circuit.Count} heads)");
        return name;
    }

    private static string Percent(double p) => p >= 10 ? p.ToString("F0", C) + "%" : p >= 1 ? p.ToString("F1", C) + "%" : p.ToString("F2", C) + "%";
}
