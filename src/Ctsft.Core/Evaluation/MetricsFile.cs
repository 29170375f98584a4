using System.Text.Json;
using Ctsft.Checkpoints;

namespace Ctsft.Evaluation;

/// <summary>
/// <c>metrics.json</c>: count, accuracy, macro-F1 (and how it averages), mean gold margin, per-label
/// precision / recall / F1 / support / predicted, and the confusion matrix (rows gold, columns predicted).
/// </summary>
public static class MetricsFile
{
    public const string FileName = "metrics.json";

    public static void Write(string path, ClassificationMetrics metrics) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, JsonFormat.Indented);
            WriteObject(writer, metrics);
        });

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
