using Ctsft.Models;
using ScottPlot;

namespace Ctsft.Circuits;

/// <summary>
/// A layers x heads heatmap of signed head scores (a diverging colormap centred on zero), layer 0 at the bottom,
/// with the circuit's heads marked. Written to a temporary name, then renamed into place.
/// </summary>
public static class ScoreHeatmap
{
    /// <summary>The file of a depth's heatmap: <c>heatmap.png</c> for depth 0, <c>heatmap-depth&lt;d&gt;.png</c> after.</summary>
    public static string FileName(int depth) => depth == 0 ? "heatmap.png" : $"heatmap-depth{depth}.png";

    /// <summary>One heatmap per depth of <paramref name="result"/>'s selection into <paramref name="folder"/>; returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(DiscoveryResult result, string folder)
    {
        var paths = new List<string>();
        foreach (var depth in result.Selection.Depths)
        {
            var path = Path.Combine(folder, FileName(depth.Depth));
            var title = depth.Depth == 0
                ? $"depth-0 relevance (o = the {result.Circuit.Count} circuit heads)"
                : $"depth-{depth.Depth} relevance toward {string.Join(", ", depth.Targets)}";
            Write(path, depth.Scores, depth.Depth == 0 ? result.Circuit : new HeadSet(depth.Picked), title);
            paths.Add(path);
        }
        return paths;
    }

    public static void Write(string path, double[,] scores, HeadSet marked, string title)
    {
        var (layers, heads) = (scores.GetLength(0), scores.GetLength(1));
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(scores);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        var limit = Math.Max(MaxAbs(scores), 1e-12);
        heatmap.ManualRange = new ScottPlot.Range(-limit, limit);
        heatmap.FlipVertically = true;
        heatmap.Extent = new CoordinateRect(0.5, heads - 0.5, 0.5, layers - 0.5);  // centres of the corner cells: cell (l, h) covers [h, h+1] x [l, l+1]
        plot.Add.ColorBar(heatmap).Label = "relevance";

        if (marked.Count > 0)
        {
            var xs = marked.Select(h => h.Head + 0.5).ToArray();
            var ys = marked.Select(h => h.Layer + 0.5).ToArray();
            var markers = plot.Add.Markers(xs, ys, MarkerShape.OpenCircle, size: Math.Clamp(240f / Math.Max(heads, layers), 6, 24), color: Colors.Black);
            markers.MarkerLineWidth = 2;
        }
        plot.Axes.Bottom.TickGenerator = Ticks(heads, "H");
        plot.Axes.Left.TickGenerator = Ticks(layers, "L");
        plot.Axes.SetLimits(0, heads, 0, layers);
        plot.Title(title);
        plot.XLabel("head");
        plot.YLabel("layer");

        var width = Math.Clamp(160 + heads * 40, 500, 2400);
        var height = Math.Clamp(140 + layers * 40, 300, 1600);
        var bytes = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    private static ScottPlot.TickGenerators.NumericManual Ticks(int count, string prefix)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var step = Math.Max(1, count / 24);
        for (var i = 0; i < count; i += step) ticks.AddMajor(i + 0.5, $"{prefix}{i}");
        return ticks;
    }

    private static double MaxAbs(double[,] scores)
    {
        var max = 0.0;
        foreach (var s in scores) max = Math.Max(max, Math.Abs(s));
        return max;
    }
}
