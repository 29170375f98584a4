using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Data;

namespace Ctsft.Tests.Data;

/// <summary>Writes user dataset files for tests from real NusaX-Senti rows (so texts and labels are real).</summary>
public static class UserFiles
{
    public sealed record Row(string Text, string Label, string? Split = null);

    /// <summary>The first <paramref name="count"/> rows of one NusaX split, with their label names and <paramref name="split"/>.</summary>
    public static IEnumerable<Row> Nusax(string language, string nusaxSplit, int count, string? split = null)
    {
        var data = NusaxSenti.Load(SharedFolder.Data, language, nusaxSplit);
        return data.Examples.Take(count).Select(e => new Row(e.Text, data.LabelNames[e.Label], split));
    }

    /// <summary>A CSV with the header <c>text,label[,split]</c>, every field quoted.</summary>
    public static string Csv(string path, IEnumerable<Row> rows, string textColumn = "text", string labelColumn = "label")
    {
        var list = rows.ToList();
        var split = list.Any(r => r.Split is not null);
        static string Q(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
        var text = new StringBuilder(textColumn + "," + labelColumn + (split ? ",split" : "") + "\n");
        foreach (var r in list) text.Append(Q(r.Text)).Append(',').Append(Q(r.Label)).Append(split ? "," + Q(r.Split ?? "") : "").Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>JSON Lines, one object per row with <c>text</c>, <c>label</c> and (when set) <c>split</c>.</summary>
    public static string JsonLines(string path, IEnumerable<Row> rows)
    {
        var lines = rows.Select(r =>
        {
            var o = new JsonObject { ["text"] = r.Text, ["label"] = r.Label };
            if (r.Split is not null) o["split"] = r.Split;
            return o.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>
    /// A proxy file with a split column (ind: 300 train, 40 validation, 60 test rows) and a target file without one
    /// (jav: 250 rows, split by the seed into 125 / 25 / 100).
    /// </summary>
    public static (string Proxy, string Target) Pair(TempFolder folder) =>
        (JsonLines(folder.File("files/ind.jsonl"), Nusax("ind", "train", 300, "train").Concat(Nusax("ind", "valid", 40, "validation")).Concat(Nusax("ind", "test", 60, "test"))),
         Csv(folder.File("files/jav.csv"), Nusax("jav", "train", 250)));
}
