using System.Text.Json;
using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>
/// Exactness against Hugging Face: every case of every cases.jsonl of every tokenizer set under both fixture
/// roots, loaded from tokenizer.json and from every older file set the folder also holds (vocab.txt,
/// vocab.json + merges.txt, a SentencePiece model).
/// </summary>
public class HuggingFaceCasesTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var folder in TokenizerFixtures.CaseFolders())
        {
            var path = TokenizerFixtures.CaseFolder(folder);
            foreach (var route in TokenizerFixtures.Routes(path))
                foreach (var testCase in TokenizerFixtures.ReadJsonLines(Path.Combine(path, "cases.jsonl")))
                    data.Add(folder, route, testCase.GetProperty("name").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_gives_Hugging_Face_ids_tokens_and_type_ids(string folder, string route, string caseName)
    {
        var path = TokenizerFixtures.CaseFolder(folder);
        var testCase = TokenizerFixtures.ReadJsonLines(Path.Combine(path, "cases.jsonl"))
            .Single(c => c.GetProperty("name").GetString() == caseName);
        var tokenizer = TokenizerFixtures.Load(path, route);
        var addSpecialTokens = !testCase.TryGetProperty("add_special_tokens", out var add) || add.GetBoolean();
        var text = testCase.GetProperty("text").GetString()!;
        var pair = testCase.TryGetProperty("text_pair", out var textPair) ? textPair.GetString() : null;

        var encoding = tokenizer.Encode(text, pair, addSpecialTokens);

        Assert.Equal(TokenizerFixtures.Ints(testCase.GetProperty("ids")), encoding.Ids);
        if (testCase.TryGetProperty("tokens", out var tokens))
            AssertTokens(tokenizer, TokenizerFixtures.Strings(tokens), encoding);
        if (testCase.TryGetProperty("token_type_ids", out var typeIds))
            Assert.Equal(TokenizerFixtures.Ints(typeIds), encoding.TypeIds);
        if (testCase.TryGetProperty("attention_mask", out var mask))
        {
            var batch = tokenizer.EncodeBatch([text], pair is null ? null : [pair], new BatchEncodingOptions(AddSpecialTokens: addSpecialTokens));
            Assert.Equal(TokenizerFixtures.Ints(mask).Select(m => (long)m), Row(batch.AttentionMask));
        }
        var withoutSpecial = encoding.Ids;
        if (testCase.TryGetProperty("ids_no_special", out var idsNoSpecial))
        {
            withoutSpecial = tokenizer.Encode(text, pair, addSpecialTokens: false).Ids;
            Assert.Equal(TokenizerFixtures.Ints(idsNoSpecial), withoutSpecial);
        }
        if (testCase.TryGetProperty("decoded", out var decoded) && decoded.ValueKind == JsonValueKind.String)
            Assert.Equal(decoded.GetString(), tokenizer.Decode(withoutSpecial));
        if (testCase.TryGetProperty("normalized", out var normalized))
            Assert.Equal(normalized.GetString(), tokenizer.Normalizer!.Normalize(text));
        if (testCase.TryGetProperty("normalized_pair", out var normalizedPair))
            Assert.Equal(normalizedPair.GetString(), tokenizer.Normalizer!.Normalize(pair!));
    }

    /// <summary>
    /// Token strings are vocabulary entries, except where Hugging Face shows the text a token covers: the
    /// characters of an unknown token, or the whitespace an lstrip/rstrip added token took with it.
    /// </summary>
    private static void AssertTokens(HuggingFaceTokenizer tokenizer, string[] expected, TokenEncoding encoding)
    {
        Assert.Equal(expected.Length, encoding.Tokens.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == encoding.Tokens[i])
                continue;
            var id = encoding.Ids[i];
            var stripped = tokenizer.AddedTokens.Any(t => t.Id == id && (t.LeftStrip || t.RightStrip) && expected[i].Trim() == t.Content);
            Assert.True(id == tokenizer.SpecialTokens.Unknown || stripped,
                $"token {i}: expected '{expected[i]}', got '{encoding.Tokens[i]}' (id {id})");
        }
    }

    private static long[] Row(long[,] values) => Enumerable.Range(0, values.GetLength(1)).Select(i => values[0, i]).ToArray();
}
