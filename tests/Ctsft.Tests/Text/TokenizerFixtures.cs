using System.Collections.Concurrent;
using System.Text.Json;
using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>
/// The shared tokenizer fixtures, under both fixture roots (<c>fixtures</c> and <c>fixtures-next</c>): tokenizer
/// sets (a folder of <c>tokenizers/</c> holding a cases.jsonl) and model folders (holding a golden.json), each
/// known by its folder name. Each tokenizer is loaded once per test run.
/// </summary>
public static class TokenizerFixtures
{
    private static readonly ConcurrentDictionary<string, Lazy<HuggingFaceTokenizer>> loaded = new();

    public static IEnumerable<string> FixtureRoots =>
        new[] { "fixtures", "fixtures-next" }.Select(r => Path.Combine(SharedFolder.Root, r)).Where(Directory.Exists);

    /// <summary>Every tokenizer set (a folder under a root's tokenizers/ holding a cases.jsonl), by name.</summary>
    public static IEnumerable<string> CaseFolders() => CaseFolderPaths().Keys.OrderBy(n => n, StringComparer.Ordinal);

    public static string CaseFolder(string name) => CaseFolderPaths()[name];

    /// <summary>Every model fixture (a folder holding a golden.json) of a family (decoder/encoder, or any), by name.</summary>
    public static IEnumerable<string> GoldenModelFolders(string? family = null) =>
        ModelFolderPaths().Where(m => family is null || GoldenFamily(m.Value) == family)
            .Select(m => m.Key).OrderBy(n => n, StringComparer.Ordinal);

    public static string ModelFolder(string name) => ModelFolderPaths()[name];

    private static Dictionary<string, string> CaseFolderPaths() => FirstByName(FixtureRoots
        .Select(root => Path.Combine(root, "tokenizers")).Where(Directory.Exists)
        .SelectMany(Directory.EnumerateDirectories)
        .Where(d => File.Exists(Path.Combine(d, "cases.jsonl"))));

    private static Dictionary<string, string> ModelFolderPaths() => FirstByName(FixtureRoots
        .SelectMany(Directory.EnumerateDirectories)
        .Where(d => File.Exists(Path.Combine(d, "golden.json"))));

    private static Dictionary<string, string> FirstByName(IEnumerable<string> folders) =>
        folders.GroupBy(d => Path.GetFileName(d)!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static string GoldenFamily(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "golden.json")));
        return doc.RootElement.GetProperty("family").GetString()!;
    }

    /// <summary>The ways a folder can be loaded: tokenizer.json, and the older files it also holds (vocab.txt, vocab.json + merges.txt, a SentencePiece model).</summary>
    public static IEnumerable<string> Routes(string folder)
    {
        if (File.Exists(Path.Combine(folder, TokenizerLoader.TokenizerJsonFile))) yield return TokenizerLoader.TokenizerJsonFile;
        if (File.Exists(Path.Combine(folder, TokenizerLoader.BertVocabFile))) yield return TokenizerLoader.BertVocabFile;
        if (File.Exists(Path.Combine(folder, TokenizerLoader.BpeVocabFile))) yield return TokenizerLoader.BpeVocabFile;
        foreach (var sentencePiece in TokenizerLoader.SentencePieceFiles.Where(f => File.Exists(Path.Combine(folder, f))))
            yield return sentencePiece;
    }

    public static HuggingFaceTokenizer Load(string folder, string route) =>
        loaded.GetOrAdd(folder + "|" + route, _ => new Lazy<HuggingFaceTokenizer>(() => route switch
        {
            TokenizerLoader.TokenizerJsonFile => TokenizerLoader.FromTokenizerJson(Path.Combine(folder, route)),
            TokenizerLoader.BertVocabFile => TokenizerLoader.FromBertVocab(Path.Combine(folder, route)),
            TokenizerLoader.BpeVocabFile => TokenizerLoader.FromBpeFiles(Path.Combine(folder, route), Path.Combine(folder, TokenizerLoader.BpeMergesFile)),
            _ when TokenizerLoader.SentencePieceFiles.Contains(route) => TokenizerLoader.FromSentencePieceModel(Path.Combine(folder, route)),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        })).Value;

    public static HuggingFaceTokenizer Qwen => Load(CaseFolder("qwen"), TokenizerLoader.TokenizerJsonFile);
    public static HuggingFaceTokenizer BertUncased => Load(CaseFolder("bert-uncased"), TokenizerLoader.TokenizerJsonFile);

    public static IEnumerable<JsonElement> ReadJsonLines(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement);

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
