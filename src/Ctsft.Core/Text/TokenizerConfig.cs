using System.Text.Json;

namespace Ctsft.Text;

/// <summary>The parts of a Hugging Face <c>tokenizer_config.json</c> the tokenizers use; empty when the file is absent.</summary>
internal sealed class TokenizerConfig
{
    private readonly JsonElement root;

    private TokenizerConfig(string path, JsonElement root)
    {
        Path = path;
        this.root = root;
    }

    public string Path { get; }

    public static TokenizerConfig Read(string path)
    {
        if (!File.Exists(path))
            return new TokenizerConfig(path, default);
        return new TokenizerConfig(path, TokenizerJson.Parse(path).RootElement);
    }

    /// <summary>A special token's text: written as a string or as an object with <c>content</c>; null if absent or null.</summary>
    public string? Token(string key)
    {
        if (!TryGet(key, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) => content.GetString(),
            JsonValueKind.Null => null,
            _ => throw new BadInputException($"{Path}: '{key}' should be a string or an object with 'content', not {value.ValueKind}"),
        };
    }

    public bool? Bool(string key) => TryGet(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
        ? value.GetBoolean() : null;

    public string? String(string key) => TryGet(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The tokens of <c>added_tokens_decoder</c> (id to token object).</summary>
    public IEnumerable<AddedToken> AddedTokens()
    {
        if (!TryGet("added_tokens_decoder", out var decoder) || decoder.ValueKind != JsonValueKind.Object)
            yield break;
        foreach (var entry in decoder.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, out var id))
                throw new BadInputException($"{Path}: added_tokens_decoder key '{entry.Name}' is not a token id");
            yield return TokenizerJson.ReadAddedToken(entry.Value, id, Path);
        }
    }

    private bool TryGet(string key, out JsonElement value)
    {
        value = default;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out value);
    }
}
