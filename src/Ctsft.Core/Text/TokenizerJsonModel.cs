using System.Text.Json;

namespace Ctsft.Text;

/// <summary>Reads the <c>model</c> section of a tokenizer.json: BPE (merges as "a b" or ["a", "b"]), WordPiece or Unigram.</summary>
internal static class TokenizerJsonModel
{
    public static ITokenModel Read(JsonElement model, string path)
    {
        var type = TokenizerJson.OptionalString(model, "type") ?? GuessType(model);
        if (type is not ("BPE" or "WordPiece" or "Unigram"))
            throw TokenizerJsonComponents.Unsupported(path, "model", type, "BPE, WordPiece, Unigram");
        if (type == "Unigram")
            return Unigram(model, path);
        var vocabulary = TokenizerJson.ReadVocabulary(TokenizerJson.Required(model, "vocab", path, "model"), path);
        if (type == "BPE")
            return Bpe(model, vocabulary, path);
        return new WordPieceModel(vocabulary,
            TokenizerJson.OptionalString(model, "unk_token") ?? "[UNK]",
            TokenizerJson.OptionalString(model, "continuing_subword_prefix") ?? "##",
            TokenizerJson.OptionalInt(model, "max_input_chars_per_word") ?? 100,
            path);
    }

    public static (string Left, string Right) ParseMerge(string merge, string path, int index)
    {
        var parts = merge.Split(' ');
        return parts.Length == 2
            ? (parts[0], parts[1])
            : throw new BadInputException($"{path}: merge {index} '{merge}' should be two tokens separated by one space");
    }

    private static BpeModel Bpe(JsonElement model, Dictionary<string, int> vocabulary, string path)
    {
        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
            throw new BadInputException($"{path}: BPE dropout {dropout} is not supported (encoding would be random)");
        if (TokenizerJson.OptionalBool(model, "byte_fallback", false))
            throw new BadInputException($"{path}: BPE with byte_fallback (SentencePiece-style) is not supported");
        var merges = TokenizerJson.Required(model, "merges", path, "BPE model").EnumerateArray().Select((merge, index) =>
            merge.ValueKind switch
            {
                JsonValueKind.String => ParseMerge(merge.GetString()!, path, index),
                JsonValueKind.Array when merge.GetArrayLength() == 2 => (merge[0].GetString()!, merge[1].GetString()!),
                _ => throw new BadInputException($"{path}: merge {index} should be \"a b\" or [\"a\", \"b\"], not {merge}"),
            }).ToList();
        return new BpeModel(vocabulary, merges,
            ignoreMerges: TokenizerJson.OptionalBool(model, "ignore_merges", false),
            unknownToken: TokenizerJson.OptionalString(model, "unk_token"),
            continuingSubwordPrefix: TokenizerJson.OptionalString(model, "continuing_subword_prefix"),
            endOfWordSuffix: TokenizerJson.OptionalString(model, "end_of_word_suffix"),
            fuseUnknownTokens: TokenizerJson.OptionalBool(model, "fuse_unk", false));
    }

    private static UnigramModel Unigram(JsonElement model, string path)
    {
        var vocab = TokenizerJson.Required(model, "vocab", path, "Unigram model");
        if (vocab.ValueKind != JsonValueKind.Array)
            throw new BadInputException($"{path}: the Unigram vocab should be a list of [piece, score], not {vocab.ValueKind}");
        var pieces = vocab.EnumerateArray().Select((entry, index) =>
            entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() == 2
                && entry[0].ValueKind == JsonValueKind.String && entry[1].ValueKind == JsonValueKind.Number
                ? (entry[0].GetString()!, entry[1].GetDouble())
                : throw new BadInputException($"{path}: Unigram vocab entry {index} should be [piece, score], not {entry}")).ToList();
        return new UnigramModel(pieces, TokenizerJson.OptionalInt(model, "unk_id"),
            TokenizerJson.OptionalBool(model, "byte_fallback", false), path);
    }

    /// <summary>Old files have no model type; Hugging Face then recognises the model by its fields.</summary>
    private static string GuessType(JsonElement model) =>
        model.TryGetProperty("merges", out _) ? "BPE"
        : model.TryGetProperty("max_input_chars_per_word", out _) ? "WordPiece"
        : model.TryGetProperty("unk_id", out _) ? "Unigram"
        : "unknown";
}
