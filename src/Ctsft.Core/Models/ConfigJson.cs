using System.Globalization;
using System.Text.Json.Nodes;

namespace Ctsft.Models;

/// <summary>Typed reads from a Hugging Face <c>config.json</c>, with errors that name the file and the key.</summary>
public sealed class ConfigJson(JsonObject root, string path)
{
    public JsonObject Root { get; } = root;
    public string Path { get; } = path;

    public static ConfigJson Read(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: no such file (a model folder needs a config.json)");
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (System.Text.Json.JsonException e) { throw new BadInputException($"{path}: not valid JSON ({e.Message})"); }
        return node is JsonObject obj ? new ConfigJson(obj, path) : throw new BadInputException($"{path}: expected a JSON object");
    }

    public bool Has(string key) => Root[key] is not null;

    public int Int(string key) => Get(key, n => n.GetValue<int>(), "an integer");
    public int Int(string key, int fallback) => Has(key) ? Int(key) : fallback;
    public int? OptionalInt(string key) => Has(key) ? Int(key) : null;
    public double Double(string key) => Get(key, n => n.GetValue<double>(), "a number");
    public double Double(string key, double fallback) => Has(key) ? Double(key) : fallback;
    public bool Bool(string key, bool fallback) => Has(key) ? Get(key, n => n.GetValue<bool>(), "true or false") : fallback;
    public string String(string key) => Get(key, n => n.GetValue<string>(), "a string");
    public string? OptionalString(string key) => Has(key) ? String(key) : null;

    public string? Architecture =>
        Root["architectures"] is JsonArray { Count: > 0 } a ? a[0]?.GetValue<string>() : null;

    public BadInputException Error(string key, string problem) => new($"{Path}: '{key}' {problem}");

    private T Get<T>(string key, Func<JsonNode, T> read, string expected)
    {
        var node = Root[key] ?? throw Error(key, "is missing");
        try { return read(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw Error(key, $"should be {expected}, found {node.ToJsonString()}");
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
