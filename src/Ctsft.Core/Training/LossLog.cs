using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ctsft.Training;

/// <summary>One optimiser step as the loss log records it (JSON Lines, one object per step).</summary>
public sealed record LossLogEntry(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("lr")] double LearningRate,
    [property: JsonPropertyName("grad_norm")] double GradNorm);

/// <summary>The loss log file: appended and flushed after every step; on resume, steps after the checkpoint are dropped.</summary>
public sealed class LossLog(string path)
{
    public string Path { get; } = path;

    public void Append(LossLogEntry entry) =>
        File.AppendAllText(Path, JsonSerializer.Serialize(entry) + "\n");

    /// <summary>The entries; a last line cut short by a kill is skipped.</summary>
    public static IReadOnlyList<LossLogEntry> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var entries = new List<LossLogEntry>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            try { entries.Add(JsonSerializer.Deserialize<LossLogEntry>(line)!); }
            catch (JsonException) { break; }
        }
        return entries;
    }

    /// <summary>Keeps only the steps up to <paramref name="step"/> (a run resumed from that checkpoint logs the rest again).</summary>
    public void TruncateAfter(long step)
    {
        var kept = Read(Path).Where(e => e.Step <= step).Select(e => JsonSerializer.Serialize(e) + "\n");
        AtomicFile.WriteAllText(Path, string.Concat(kept));
    }
}
