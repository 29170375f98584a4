using System.Collections.Concurrent;
using System.Text.Json;
using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>The shared tokenizer fixtures, each tokenizer loaded once per test run.</summary>
public static class TokenizerFixtures
{
    private static readonly ConcurrentDictionary<string, Lazy<HuggingFaceTokenizer>> loaded = new();

    public static string CasesRoot => SharedFolder.Fixture("tokenizers");

    /// <summary>Every folder under fixtures/tokenizers holding a cases.jsonl, by name.</summary>
    public static IEnumerable<string> CaseFolders() =>
        Directory.EnumerateDirectories(CasesRoot)
            .Where(d => File.Exists(Path.Combine(d, "cases.jsonl")))
            .Select(d => Path.GetFileName(d)!)
            .OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>The ways a folder can be loaded: tokenizer.json, and the older files it also holds.</summary>
    public static IEnumerable<string> Routes(string folder)
    {
        if (File.Exists(Path.Combine(folder, TokenizerLoader.TokenizerJsonFile))) yield return TokenizerLoader.TokenizerJsonFile;
        if (File.Exists(Path.Combine(folder, TokenizerLoader.BertVocabFile))) yield return TokenizerLoader.BertVocabFile;
        if (File.Exists(Path.Combine(folder, TokenizerLoader.BpeVocabFile))) yield return TokenizerLoader.BpeVocabFile;
    }

    public static HuggingFaceTokenizer Load(string folder, string route) =>
        loaded.GetOrAdd(folder + "|" + route, _ => new Lazy<HuggingFaceTokenizer>(() => route switch
        {
            TokenizerLoader.TokenizerJsonFile => TokenizerLoader.FromTokenizerJson(Path.Combine(folder, route)),
            TokenizerLoader.BertVocabFile => TokenizerLoader.FromBertVocab(Path.Combine(folder, route)),
            TokenizerLoader.BpeVocabFile => TokenizerLoader.FromBpeFiles(Path.Combine(folder, route), Path.Combine(folder, TokenizerLoader.BpeMergesFile)),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        })).Value;

    public static HuggingFaceTokenizer Qwen => Load(Path.Combine(CasesRoot, "qwen"), TokenizerLoader.TokenizerJsonFile);
    public static HuggingFaceTokenizer BertUncased => Load(Path.Combine(CasesRoot, "bert-uncased"), TokenizerLoader.TokenizerJsonFile);

    public static IEnumerable<JsonElement> ReadJsonLines(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement);

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
