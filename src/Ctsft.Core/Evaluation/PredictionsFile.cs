using System.Text.Json;
using Ctsft.Runs;

namespace Ctsft.Evaluation;

/// <summary>
/// Predictions as JSON Lines, one example per line in the evaluation's order:
/// <c>{"id", "gold", "predicted", "correct", "gold_margin", "logits": {label: logit}, "probabilities": {label: p}}</c>
/// with labels by name in label order. Written under a temporary name, then renamed.
/// </summary>
public static class PredictionsFile
{
    public const string FileName = "predictions.jsonl";

    public static void Write(string path, EvaluationResult result) =>
        AtomicFile.Write(path, stream =>
        {
            foreach (var prediction in result.Predictions)
            {
                using (var writer = new Utf8JsonWriter(stream, RunJson.Lines))
                    WriteLine(writer, prediction, result.LabelNames);
                stream.WriteByte((byte)'\n');
            }
        });

    private static void WriteLine(Utf8JsonWriter writer, Prediction prediction, IReadOnlyList<string> labels)
    {
        writer.WriteStartObject();
        writer.WriteString("id", prediction.Id);
        writer.WriteString("gold", labels[prediction.Gold]);
        writer.WriteString("predicted", labels[prediction.Predicted]);
        writer.WriteBoolean("correct", prediction.Correct);
        writer.WriteNumber("gold_margin", prediction.GoldMargin);
        writer.WriteStartObject("logits");
        for (var i = 0; i < labels.Count; i++) writer.WriteNumber(labels[i], prediction.Logits[i]);
        writer.WriteEndObject();
        writer.WriteStartObject("probabilities");
        for (var i = 0; i < labels.Count; i++) writer.WriteNumber(labels[i], prediction.Probabilities[i]);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads a predictions file back (label names give the index order).</summary>
    public static IReadOnlyList<Prediction> Read(string path, IReadOnlyList<string> labels)
    {
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var predictions = new List<Prediction>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var logits = root.GetProperty("logits");
                var probabilities = root.GetProperty("probabilities");
                predictions.Add(new Prediction(
                    root.GetProperty("id").GetString()!,
                    index[root.GetProperty("gold").GetString()!],
                    index[root.GetProperty("predicted").GetString()!],
                    labels.Select(l => logits.GetProperty(l).GetSingle()).ToArray(),
                    labels.Select(l => probabilities.GetProperty(l).GetDouble()).ToArray(),
                    root.GetProperty("gold_margin").GetDouble()));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new BadInputException($"{path}: line {lineNumber} is not a prediction of labels {string.Join(", ", labels)}: {e.Message}");
            }
        }
        return predictions;
    }
}
