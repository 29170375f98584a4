using System.Text.Json;
using System.Text.Json.Nodes;
using Ctsft.Runs;

namespace Ctsft.Evaluation;

/// <summary>
/// <c>metrics.json</c>: count, accuracy, macro-F1 (and how it averages), mean gold margin, per-label
/// precision / recall / F1 / support / predicted, and the confusion matrix (rows gold, columns predicted), after
/// the run's envelope. <see cref="Read"/> reads it back.
/// </summary>
public static class MetricsFile
{
    public const string FileName = "metrics.json", Format = "ctsft.metrics";
    public const int FormatVersion = 1;

    public static void Write(string path, ClassificationMetrics metrics, RunEnvelope envelope) =>
        RunDocument.Write(path, envelope with { Format = Format, FormatVersion = FormatVersion }, ToJson(metrics));

    /// <summary>The metrics as a JSON object (what follows the envelope in metrics.json).</summary>
    public static JsonObject ToJson(ClassificationMetrics metrics)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteObject(writer, metrics);
        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    /// <summary>The envelope and the metrics of a metrics.json; a wrong format or missing field names the file.</summary>
    public static (RunEnvelope Envelope, ClassificationMetrics Metrics) Read(string path)
    {
        var (envelope, root) = RunDocument.Read(path, Format, FormatVersion);
        try
        {
            var perClass = root["per_class"]!.AsArray().Select(c => new ClassMetrics(
                c!["label"]!.GetValue<string>(), c["precision"]!.GetValue<double>(), c["recall"]!.GetValue<double>(), c["f1"]!.GetValue<double>(),
                c["support"]!.GetValue<int>(), c["predicted"]!.GetValue<int>())).ToArray();
            var confusion = root["confusion_matrix"]!;
            var matrix = new ConfusionMatrix(
                confusion["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray(),
                confusion["counts"]!.AsArray().Select(r => (IReadOnlyList<int>)r!.AsArray().Select(v => v!.GetValue<int>()).ToArray()).ToArray());
            return (envelope, new ClassificationMetrics(root["examples"]!.GetValue<int>(), root["accuracy"]!.GetValue<double>(),
                root["macro_f1"]!.GetValue<double>(), perClass, matrix, root["mean_gold_margin"]!.GetValue<double>()));
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new BadInputException($"{path}: not a complete metrics file ({e.Message})", e);
        }
    }

    public static void WriteObject(Utf8JsonWriter writer, ClassificationMetrics metrics)
    {
        writer.WriteStartObject();
        writer.WriteNumber("examples", metrics.Count);
        writer.WriteNumber("accuracy", metrics.Accuracy);
        writer.WriteNumber("macro_f1", metrics.MacroF1);
        writer.WriteNumber("mean_gold_margin", metrics.MeanGoldMargin);
        writer.WriteString("macro_average", ClassificationMetrics.MacroAverage);
        writer.WriteString("zero_division", ClassificationMetrics.ZeroDivision);
        writer.WriteString("gold_margin", "gold label logit minus the largest other label logit");
        writer.WriteStartArray("per_class");
        foreach (var c in metrics.PerClass)
        {
            writer.WriteStartObject();
            writer.WriteString("label", c.Label);
            writer.WriteNumber("precision", c.Precision);
            writer.WriteNumber("recall", c.Recall);
            writer.WriteNumber("f1", c.F1);
            writer.WriteNumber("support", c.Support);
            writer.WriteNumber("predicted", c.Predicted);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("confusion_matrix");
        writer.WriteString("rows", "gold");
        writer.WriteString("columns", "predicted");
        writer.WriteStartArray("labels");
        foreach (var label in metrics.Confusion.Labels) writer.WriteStringValue(label);
        writer.WriteEndArray();
        writer.WriteStartArray("counts");
        foreach (var row in metrics.Confusion.Counts)
        {
            writer.WriteStartArray();
            foreach (var count in row) writer.WriteNumberValue(count);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
