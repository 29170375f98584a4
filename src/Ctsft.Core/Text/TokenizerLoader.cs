using System.Text;
using System.Text.Json;

namespace Ctsft.Text;

/// <summary>
/// Builds a <see cref="HuggingFaceTokenizer"/> from the files a Hugging Face model folder keeps:
/// <c>tokenizer.json</c>, else a BERT <c>vocab.txt</c>, else a GPT-2/Qwen2 <c>vocab.json</c> + <c>merges.txt</c>,
/// else XLM-R's <c>sentencepiece.bpe.model</c>,
/// each with the optional <c>tokenizer_config.json</c> beside it (special tokens, pad token, lowercasing).
/// </summary>
public static class TokenizerLoader
{
    public const string TokenizerJsonFile = "tokenizer.json";
    public const string ConfigFile = "tokenizer_config.json";
    public const string BertVocabFile = "vocab.txt";
    public const string BpeVocabFile = "vocab.json";
    public const string BpeMergesFile = "merges.txt";

    /// <summary>SentencePiece model files: XLM-R's (converted when there is no tokenizer.json), and T5's and Llama 2's (refused).</summary>
    public static readonly string[] SentencePieceFiles = ["sentencepiece.bpe.model", "spiece.model", "tokenizer.model"];

    /// <summary>The pre-tokenizer regex of Qwen2's slow tokenizer, for folders without tokenizer.json.</summary>
    public const string Qwen2Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static readonly string[] wordPieceSpecialKeys = ["unk_token", "sep_token", "pad_token", "cls_token", "mask_token"];

    public static HuggingFaceTokenizer FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new BadInputException($"tokenizer folder {folder} does not exist");
        string In(string name) => Path.Combine(folder, name);
        if (File.Exists(In(TokenizerJsonFile)))
            return FromTokenizerJson(In(TokenizerJsonFile));
        if (File.Exists(In(BertVocabFile)))
            return FromBertVocab(In(BertVocabFile));
        if (File.Exists(In(BpeVocabFile)) && File.Exists(In(BpeMergesFile)))
            return FromBpeFiles(In(BpeVocabFile), In(BpeMergesFile));
        if (SentencePieceFiles.Select(In).FirstOrDefault(File.Exists) is { } sentencePiece)
            return FromSentencePieceModel(sentencePiece);
        throw new BadInputException(
            $"{folder}: no tokenizer found (looked for {TokenizerJsonFile}, {BertVocabFile}, {BpeVocabFile} + {BpeMergesFile}, {string.Join(", ", SentencePieceFiles)})");
    }

    /// <summary>Reads a tokenizer.json and the tokenizer_config.json beside it, if any.</summary>
    public static HuggingFaceTokenizer FromTokenizerJson(string path)
    {
        var config = ConfigBeside(path);
        using var document = TokenizerJson.Parse(path);
        var root = document.RootElement;
        JsonElement Section(string key) => root.TryGetProperty(key, out var value) ? value : default;

        var model = TokenizerJsonModel.Read(TokenizerJson.Required(root, "model", path, "the file"), path);
        var addedTokens = Section("added_tokens").ValueKind == JsonValueKind.Array
            ? Section("added_tokens").EnumerateArray()
                .Select(t => TokenizerJson.ReadAddedToken(t, TokenizerJson.OptionalInt(t, "id")
                    ?? throw new BadInputException($"{path}: an added token has no id"), path))
                .ToList()
            : [];
        var padding = Section("padding");
        int? paddingId = padding.ValueKind == JsonValueKind.Object ? TokenizerJson.OptionalInt(padding, "pad_id") : null;
        return new HuggingFaceTokenizer(path, model,
            TokenizerJsonComponents.Normalizer(Section("normalizer"), path),
            TokenizerJsonComponents.PreTokenizer(Section("pre_tokenizer"), path),
            TokenizerJsonComponents.PostProcessor(Section("post_processor"), path),
            TokenizerJsonComponents.Decoder(Section("decoder"), path),
            addedTokens,
            tokenizer => ResolveSpecialTokens(tokenizer, config, paddingId));
    }

    /// <summary>A BERT WordPiece tokenizer from vocab.txt (line i is id i), lowercasing as tokenizer_config.json's <c>do_lower_case</c> says (default true).</summary>
    public static HuggingFaceTokenizer FromBertVocab(string vocabPath)
    {
        var config = ConfigBeside(vocabPath);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(vocabPath))
            vocabulary.TryAdd(line.TrimEnd(), vocabulary.Count);
        var lowercase = config.Bool("do_lower_case") ?? true;
        var model = new WordPieceModel(vocabulary, config.Token("unk_token") ?? "[UNK]", "##", 100, vocabPath);
        var specialTokens = wordPieceSpecialKeys
            .Select(key => config.Token(key) ?? DefaultWordPieceToken(key))
            .Where(token => vocabulary.ContainsKey(token))
            .Select(token => new AddedToken(vocabulary[token], token));
        var addedTokens = config.AddedTokens().Concat(specialTokens).DistinctBy(t => t.Content).OrderBy(t => t.Id).ToList();
        return new HuggingFaceTokenizer(vocabPath, model,
            new BertTextNormalizer(true, config.Bool("tokenize_chinese_chars") ?? true, config.Bool("strip_accents") ?? lowercase, lowercase),
            new BertPreTokenizer(),
            TemplatePostProcessor.Bert(
                model.TokenToId(config.Token("cls_token") ?? "[CLS]") ?? throw new BadInputException($"{vocabPath}: no [CLS] token in the vocabulary"),
                model.TokenToId(config.Token("sep_token") ?? "[SEP]") ?? throw new BadInputException($"{vocabPath}: no [SEP] token in the vocabulary")),
            new WordPieceDecoder("##", config.Bool("clean_up_tokenization_spaces") ?? true),
            addedTokens,
            tokenizer => ResolveSpecialTokens(tokenizer, config, null));
    }

    /// <summary>
    /// A byte-level BPE tokenizer from vocab.json + merges.txt: Qwen2's NFC and word regex when
    /// tokenizer_config.json names a Qwen2 tokenizer class, GPT-2's ByteLevel split otherwise.
    /// </summary>
    public static HuggingFaceTokenizer FromBpeFiles(string vocabJsonPath, string mergesPath)
    {
        var config = ConfigBeside(vocabJsonPath);
        Dictionary<string, int> vocabulary;
        using (var document = TokenizerJson.Parse(vocabJsonPath))
            vocabulary = TokenizerJson.ReadVocabulary(document.RootElement, vocabJsonPath);
        var merges = File.ReadLines(mergesPath)
            .Select((line, index) => (line, index))
            .Where(l => l.line.Length > 0 && !(l.index == 0 && l.line.StartsWith("#version", StringComparison.Ordinal)))
            .Select(l => TokenizerJsonModel.ParseMerge(l.line, mergesPath, l.index))
            .ToList();
        var model = new BpeModel(vocabulary, merges);
        var isQwen2 = (config.String("tokenizer_class") ?? "").StartsWith("Qwen2", StringComparison.Ordinal);
        var addPrefixSpace = config.Bool("add_prefix_space") ?? false;
        IPreTokenizer preTokenizer = isQwen2
            ? new SequencePreTokenizer([
                new SplitPreTokenizer(CodePointRegex.Create(Qwen2Pattern), SplitBehavior.Isolated, invert: false),
                new ByteLevelPreTokenizer(addPrefixSpace, useRegex: false)])
            : new ByteLevelPreTokenizer(addPrefixSpace, useRegex: true);
        return new HuggingFaceTokenizer(vocabJsonPath, model,
            isQwen2 ? new UnicodeFormNormalizer(NormalizationForm.FormC) : null,
            preTokenizer,
            TemplatePostProcessor.None,
            new ByteLevelDecoder(),
            config.AddedTokens().OrderBy(t => t.Id).ToList(),
            tokenizer => ResolveSpecialTokens(tokenizer, config, null));
    }

    /// <summary>
    /// An XLM-RoBERTa tokenizer from its SentencePiece model alone, converted as transformers converts it to
    /// tokenizer.json; any other SentencePiece tokenizer is refused, naming the missing tokenizer.json.
    /// </summary>
    public static HuggingFaceTokenizer FromSentencePieceModel(string modelPath)
    {
        var config = ConfigBeside(modelPath);
        return SentencePieceConversion.XlmRoberta(modelPath, config, tokenizer => ResolveSpecialTokens(tokenizer, config, null));
    }

    private static TokenizerConfig ConfigBeside(string path) =>
        TokenizerConfig.Read(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, ConfigFile));

    private static string DefaultWordPieceToken(string key) => key switch
    {
        "unk_token" => "[UNK]",
        "sep_token" => "[SEP]",
        "pad_token" => "[PAD]",
        "cls_token" => "[CLS]",
        "mask_token" => "[MASK]",
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    /// <summary>
    /// Special tokens named by tokenizer_config.json; where it does not name one, tokenizer.json's padding
    /// gives the pad id, and a WordPiece tokenizer falls back on BERT's bracketed names.
    /// </summary>
    private static SpecialTokenIds ResolveSpecialTokens(HuggingFaceTokenizer tokenizer, TokenizerConfig config, int? paddingId)
    {
        var isWordPiece = tokenizer.Model is WordPieceModel;
        int? Id(string key)
        {
            if (config.Token(key) is { } named)
                return tokenizer.TokenToId(named)
                    ?? throw new BadInputException($"{config.Path}: {key} '{named}' is not a token of {tokenizer.Source}");
            return isWordPiece && key is not ("bos_token" or "eos_token") ? tokenizer.TokenToId(DefaultWordPieceToken(key)) : null;
        }
        return new SpecialTokenIds(
            Pad: Id("pad_token") ?? paddingId,
            Unknown: Id("unk_token"),
            Bos: Id("bos_token"),
            Eos: Id("eos_token"),
            Cls: Id("cls_token"),
            Sep: Id("sep_token"),
            Mask: Id("mask_token"));
    }
}
