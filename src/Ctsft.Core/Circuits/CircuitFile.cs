using System.Text.Json.Nodes;
using Ctsft.Models;
using Ctsft.Runs;

namespace Ctsft.Circuits;

/// <summary>What a <c>circuit.json</c> holds that later runs use: the envelope, the model it was found on, the task, and the selected sets.</summary>
public sealed record CircuitFile(
    string Path,
    RunEnvelope Envelope,
    string ModelSha256,
    string Task,
    string Language,
    int PerIteration,
    HeadSet Circuit,
    HeadSet NearZero,
    HeadSet Least,
    HeadSet Random,
    IReadOnlyList<HeadSet> PickedByDepth)
{
    /// <summary>The names of the sets, as <c>--heads-from FILE:set</c> and the comparison arms name them.</summary>
    public static readonly IReadOnlyList<string> SetNames = ["circuit", "near_zero", "least", "random"];

    /// <summary>One selected set by name (<c>circuit</c>, <c>near_zero</c>, <c>least</c>, <c>random</c>).</summary>
    public HeadSet Set(string name) => name switch
    {
        "circuit" => Circuit,
        "near_zero" => NearZero,
        "least" => Least,
        "random" => Random,
        _ => throw new BadSettingException("heads_from", $"{{heads_from}}: '{name}' is not a set of {Path}; use one of {string.Join(", ", SetNames)}"),
    };

    /// <summary>Reads a circuit.json written by <see cref="CircuitReport"/>; a wrong format or a missing field names the file.</summary>
    public static CircuitFile Read(string path)
    {
        var (envelope, root) = RunDocument.Read(path, CircuitReport.Format, CircuitReport.FormatVersion);
        try
        {
            var comparison = root["comparison"]!.AsObject();
            return new CircuitFile(
                path,
                envelope,
                root["model"]!["sha256_of_tensors"]!.GetValue<string>(),
                root["task"]!["name"]!.GetValue<string>(),
                root["task"]!["language"]!.GetValue<string>(),
                envelope.Settings["per_iteration"]!.GetValue<int>(),
                Heads(root["circuit"]),
                Heads(comparison["near_zero"]),
                Heads(comparison["least"]),
                Heads(comparison["random"]),
                root["depths"]!.AsArray().Select(d => Heads(d!["picked"])).ToArray());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new BadInputException($"{path}: not a complete circuit file ({e.Message})", e);
        }
    }

    private static HeadSet Heads(JsonNode? node) => new(node!.AsArray().Select(h => HeadRef.Parse(h!.GetValue<string>())));
}
