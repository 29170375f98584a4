using System.Text.Json;

namespace Ctsft.Text;

/// <summary>Small JSON helpers shared by the tokenizer file readers; every error names the file.</summary>
internal static class TokenizerJson
{
    public static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not valid JSON ({e.Message})", e);
        }
    }

    public static string? OptionalString(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool OptionalBool(JsonElement element, string key, bool fallback) =>
        element.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    public static int? OptionalInt(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    public static JsonElement Required(JsonElement element, string key, string path, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var value)
            ? value
            : throw new BadInputException($"{path}: {where} has no '{key}'");

    public static string TypeOf(JsonElement element, string path, string where) =>
        OptionalString(element, "type") ?? throw new BadInputException($"{path}: {where} has no 'type'");

    public static AddedToken ReadAddedToken(JsonElement token, int id, string path) => new(
        id,
        OptionalString(token, "content") ?? throw new BadInputException($"{path}: added token {id} has no 'content'"),
        Special: OptionalBool(token, "special", false),
        Normalized: OptionalBool(token, "normalized", false),
        SingleWord: OptionalBool(token, "single_word", false),
        LeftStrip: OptionalBool(token, "lstrip", false),
        RightStrip: OptionalBool(token, "rstrip", false));

    public static Dictionary<string, int> ReadVocabulary(JsonElement vocabulary, string path)
    {
        if (vocabulary.ValueKind != JsonValueKind.Object)
            throw new BadInputException($"{path}: the vocabulary should be an object of token to id, not {vocabulary.ValueKind}");
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocabulary.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
                throw new BadInputException($"{path}: vocabulary token '{entry.Name}' has id {entry.Value}, not a non-negative integer");
            tokens[entry.Name] = id;
        }
        return tokens;
    }
}
