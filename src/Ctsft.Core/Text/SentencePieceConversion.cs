namespace Ctsft.Text;

/// <summary>
/// A tokenizer from a SentencePiece model file alone (no tokenizer.json), built as transformers'
/// <c>XLMRobertaConverter</c> builds XLM-R's tokenizer.json, so it gives the ids of that file, which are not
/// plain SentencePiece's (Hugging Face keeps a trailing <c>▁</c> and applies the charsmap per grapheme).
/// Only XLM-RoBERTa's layout is converted; other SentencePiece tokenizers need their tokenizer.json.
/// </summary>
internal static class SentencePieceConversion
{
    private static readonly string[] xlmRobertaClasses = ["XLMRobertaTokenizer", "XLMRobertaTokenizerFast"];
    private static readonly string[] fairseqSpecials = ["<s>", "<pad>", "</s>", "<unk>"];
    private const char MetaspaceReplacement = '\u2581';

    public static HuggingFaceTokenizer XlmRoberta(string modelPath, TokenizerConfig config, Func<HuggingFaceTokenizer, SpecialTokenIds> specialTokens)
    {
        var tokenizerClass = config.String("tokenizer_class");
        if (tokenizerClass is null || !xlmRobertaClasses.Contains(tokenizerClass))
            throw MissingTokenizerJson(modelPath,
                $"ctsft converts a SentencePiece model only for XLMRobertaTokenizer, and {config.Path} names {(tokenizerClass is null ? "no tokenizer_class" : $"'{tokenizerClass}'")}");
        var file = SentencePieceModelFile.Read(modelPath);
        if (file.ModelType != SentencePieceModelFile.UnigramModelType)
            throw MissingTokenizerJson(modelPath, $"its SentencePiece model type is {file.ModelType}, not Unigram (1) as XLM-R's");

        // The fairseq layout: <s> <pad> </s> <unk>, the spm pieces from spm id 3 on (spm id i -> i + 1), <mask>.
        var pieces = fairseqSpecials.Select(s => (s, 0.0))
            .Concat(file.Pieces.Skip(3).Select(p => (p.Piece, (double)p.Score)))
            .Append(("<mask>", 0.0))
            .ToList();
        var model = new UnigramModel(pieces, unknownId: 3, file.ByteFallback, modelPath);
        var maskId = pieces.Count - 1;
        var defaults = fairseqSpecials.Select((content, id) => new AddedToken(id, content))
            .Append(new AddedToken(maskId, "<mask>", LeftStrip: true));
        var addedTokens = config.AddedTokens().Concat(defaults).DistinctBy(t => t.Id).OrderBy(t => t.Id).ToList();

        INormalizer collapseSpaces = ReplaceNormalizer.OfRegex(CodePointRegex.Create(" {2,}"), " ");
        var normalizer = file.PrecompiledCharsMap.Length == 0
            ? collapseSpaces
            : new SequenceNormalizer([new PrecompiledNormalizer(new PrecompiledCharsMap(file.PrecompiledCharsMap, modelPath)), collapseSpaces]);
        return new HuggingFaceTokenizer(modelPath, model, normalizer,
            new MetaspacePreTokenizer(MetaspaceReplacement, MetaspacePrependScheme.Always, splitWords: true),
            TemplatePostProcessor.Roberta(clsId: 0, sepId: 2),
            new MetaspaceDecoder(MetaspaceReplacement, MetaspacePrependScheme.Always),
            addedTokens,
            specialTokens);
    }

    public static BadInputException MissingTokenizerJson(string modelPath, string reason) =>
        new($"{Path.GetDirectoryName(Path.GetFullPath(modelPath))}: there is no {TokenizerLoader.TokenizerJsonFile}, only {Path.GetFileName(modelPath)}, "
            + $"and {reason}; save the tokenizer with transformers (AutoTokenizer.from_pretrained(...).save_pretrained(folder)) to write {TokenizerLoader.TokenizerJsonFile}");
}
