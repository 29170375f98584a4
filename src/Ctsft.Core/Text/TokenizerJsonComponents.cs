using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ctsft.Text;

/// <summary>Reads the normalizer, pre-tokenizer, post-processor and decoder sections of a tokenizer.json; refuses kinds it cannot reproduce.</summary>
internal static class TokenizerJsonComponents
{
    public static INormalizer? Normalizer(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return null;
        var type = TokenizerJson.TypeOf(element, path, "normalizer");
        return type switch
        {
            "NFC" => new UnicodeFormNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeFormNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeFormNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeFormNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "BertNormalizer" => Bert(element),
            "Precompiled" => Precompiled(element, path),
            "Replace" => Replace(element, path),
            "Sequence" => new SequenceNormalizer(
                TokenizerJson.Required(element, "normalizers", path, "Sequence normalizer").EnumerateArray()
                    .Select(n => Normalizer(n, path) ?? throw new BadInputException($"{path}: null inside a Sequence normalizer")).ToList()),
            _ => throw Unsupported(path, "normalizer", type, "NFC, NFD, NFKC, NFKD, Lowercase, BertNormalizer, Precompiled, Replace, Sequence"),
        };
    }

    public static IPreTokenizer? PreTokenizer(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return null;
        var type = TokenizerJson.TypeOf(element, path, "pre_tokenizer");
        return type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(
                TokenizerJson.OptionalBool(element, "add_prefix_space", true), TokenizerJson.OptionalBool(element, "use_regex", true)),
            "Split" => Split(element, path),
            "BertPreTokenizer" => new BertPreTokenizer(),
            "WhitespaceSplit" => new WhitespaceSplitPreTokenizer(),
            "Metaspace" => new MetaspacePreTokenizer(MetaspaceReplacement(element, path), MetaspacePrepend(element, path),
                TokenizerJson.OptionalBool(element, "split", true)),
            "Sequence" => new SequencePreTokenizer(
                TokenizerJson.Required(element, "pretokenizers", path, "Sequence pre_tokenizer").EnumerateArray()
                    .Select(p => PreTokenizer(p, path) ?? throw new BadInputException($"{path}: null inside a Sequence pre_tokenizer")).ToList()),
            _ => throw Unsupported(path, "pre_tokenizer", type, "ByteLevel, Split, BertPreTokenizer, WhitespaceSplit, Metaspace, Sequence"),
        };
    }

    public static TemplatePostProcessor PostProcessor(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return TemplatePostProcessor.None;
        var type = TokenizerJson.TypeOf(element, path, "post_processor");
        switch (type)
        {
            case "ByteLevel":
                return TemplatePostProcessor.None;
            case "TemplateProcessing":
                return Template(element, path);
            case "BertProcessing":
                return TemplatePostProcessor.Bert(IdOfPair(element, "cls", path), IdOfPair(element, "sep", path));
            case "RobertaProcessing":
                return TemplatePostProcessor.Roberta(IdOfPair(element, "cls", path), IdOfPair(element, "sep", path));
            case "Sequence":
                var adding = TokenizerJson.Required(element, "processors", path, "Sequence post_processor").EnumerateArray()
                    .Select(p => PostProcessor(p, path)).Where(p => p != TemplatePostProcessor.None).ToList();
                return adding.Count switch
                {
                    0 => TemplatePostProcessor.None,
                    1 => adding[0],
                    _ => throw new BadInputException($"{path}: a Sequence post_processor with more than one token-adding processor is not supported"),
                };
            default:
                throw Unsupported(path, "post_processor", type, "TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence");
        }
    }

    public static ITokenDecoder Decoder(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return new SpaceJoinDecoder();
        var type = TokenizerJson.TypeOf(element, path, "decoder");
        return type switch
        {
            "ByteLevel" => new ByteLevelDecoder(),
            "WordPiece" => new WordPieceDecoder(TokenizerJson.OptionalString(element, "prefix") ?? "##", TokenizerJson.OptionalBool(element, "cleanup", true)),
            "Metaspace" => new MetaspaceDecoder(MetaspaceReplacement(element, path), MetaspacePrepend(element, path)),
            _ => throw Unsupported(path, "decoder", type, "ByteLevel, WordPiece, Metaspace"),
        };
    }

    public static BadInputException Unsupported(string path, string section, string type, string supported) =>
        new($"{path}: {section} of type '{type}' is not supported (supported: {supported})");

    private static BertTextNormalizer Bert(JsonElement element)
    {
        var lowercase = TokenizerJson.OptionalBool(element, "lowercase", true);
        return new BertTextNormalizer(
            TokenizerJson.OptionalBool(element, "clean_text", true),
            TokenizerJson.OptionalBool(element, "handle_chinese_chars", true),
            TokenizerJson.OptionalBool(element, "strip_accents", lowercase),
            lowercase);
    }

    private static SplitPreTokenizer Split(JsonElement element, string path)
    {
        var pattern = TokenizerJson.Required(element, "pattern", path, "Split pre_tokenizer");
        var regexText = TokenizerJson.OptionalString(pattern, "Regex")
            ?? Regex.Escape(TokenizerJson.OptionalString(pattern, "String")
                ?? throw new BadInputException($"{path}: Split pattern should have 'Regex' or 'String'"));
        var regex = CompileRegex(regexText, path, "Split");
        var behaviorName = TokenizerJson.OptionalString(element, "behavior") ?? "Removed";
        if (!Enum.TryParse<SplitBehavior>(behaviorName, out var behavior))
            throw new BadInputException($"{path}: Split behavior '{behaviorName}' is not one of {string.Join(", ", Enum.GetNames<SplitBehavior>())}");
        return new SplitPreTokenizer(regex, behavior, TokenizerJson.OptionalBool(element, "invert", false));
    }

    private static CodePointRegex CompileRegex(string pattern, string path, string where)
    {
        try
        {
            return CodePointRegex.Create(pattern);
        }
        catch (ArgumentException e)
        {
            throw new BadInputException($"{path}: {where} regex '{pattern}' is not supported by .NET ({e.Message})", e);
        }
    }

    private static PrecompiledNormalizer Precompiled(JsonElement element, string path)
    {
        var base64 = TokenizerJson.OptionalString(element, "precompiled_charsmap")
            ?? throw new BadInputException($"{path}: the Precompiled normalizer has no 'precompiled_charsmap'");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new BadInputException($"{path}: the Precompiled normalizer's precompiled_charsmap is not base64 ({e.Message})", e);
        }
        return new PrecompiledNormalizer(new PrecompiledCharsMap(bytes, path));
    }

    private static ReplaceNormalizer Replace(JsonElement element, string path)
    {
        var pattern = TokenizerJson.Required(element, "pattern", path, "Replace normalizer");
        var content = TokenizerJson.OptionalString(element, "content")
            ?? throw new BadInputException($"{path}: the Replace normalizer has no 'content'");
        if (TokenizerJson.OptionalString(pattern, "String") is { } literal)
            return ReplaceNormalizer.OfString(literal, content);
        var regex = TokenizerJson.OptionalString(pattern, "Regex")
            ?? throw new BadInputException($"{path}: Replace pattern should have 'Regex' or 'String'");
        return ReplaceNormalizer.OfRegex(CompileRegex(regex, path, "Replace"), content);
    }

    private static char MetaspaceReplacement(JsonElement element, string path)
    {
        var replacement = TokenizerJson.OptionalString(element, "replacement") ?? "\u2581";
        return replacement.Length == 1 ? replacement[0]
            : throw new BadInputException($"{path}: Metaspace replacement '{replacement}' should be one character");
    }

    /// <summary><c>prepend_scheme</c>, else the older <c>add_prefix_space</c> (true: always, false: never), else always.</summary>
    private static MetaspacePrependScheme MetaspacePrepend(JsonElement element, string path)
    {
        if (TokenizerJson.OptionalString(element, "prepend_scheme") is { } scheme)
            return scheme switch
            {
                "always" => MetaspacePrependScheme.Always,
                "first" => MetaspacePrependScheme.First,
                "never" => MetaspacePrependScheme.Never,
                _ => throw new BadInputException($"{path}: Metaspace prepend_scheme '{scheme}' is not one of always, first, never"),
            };
        return TokenizerJson.OptionalBool(element, "add_prefix_space", true) ? MetaspacePrependScheme.Always : MetaspacePrependScheme.Never;
    }

    private static TemplatePostProcessor Template(JsonElement element, string path)
    {
        var specials = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (element.TryGetProperty("special_tokens", out var specialTokens) && specialTokens.ValueKind == JsonValueKind.Object)
            foreach (var entry in specialTokens.EnumerateObject())
                specials[entry.Name] = TokenizerJson.Required(entry.Value, "ids", path, $"template special token '{entry.Name}'")
                    .EnumerateArray().Select(id => id.GetInt32()).ToArray();

        List<TemplatePiece> Pieces(string key) => TokenizerJson.Required(element, key, path, "TemplateProcessing").EnumerateArray()
            .Select(item =>
            {
                if (item.TryGetProperty("Sequence", out var sequence))
                {
                    var id = TokenizerJson.OptionalString(sequence, "id");
                    var typeId = TokenizerJson.OptionalInt(sequence, "type_id") ?? 0;
                    return TemplatePiece.Text(id == "B" ? 1 : 0, typeId);
                }
                var special = TokenizerJson.Required(item, "SpecialToken", path, $"TemplateProcessing '{key}' item");
                var name = TokenizerJson.OptionalString(special, "id") ?? "";
                return specials.TryGetValue(name, out var ids)
                    ? TemplatePiece.Special(ids, TokenizerJson.OptionalInt(special, "type_id") ?? 0)
                    : throw new BadInputException($"{path}: TemplateProcessing uses special token '{name}' that its special_tokens does not define");
            }).ToList();

        return new TemplatePostProcessor(Pieces("single"), Pieces("pair"));
    }

    private static int IdOfPair(JsonElement element, string key, string path)
    {
        var pair = TokenizerJson.Required(element, key, path, "post_processor");
        return pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2 && pair[1].TryGetInt32(out var id)
            ? id
            : throw new BadInputException($"{path}: post_processor '{key}' should be [token, id]");
    }
}
