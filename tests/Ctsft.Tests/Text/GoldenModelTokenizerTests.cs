using System.Text.Json;
using Ctsft.Text;

namespace Ctsft.Tests.Text;

/// <summary>The tiny model fixtures' golden.json input ids, from each tokenizer file set of the model folder.</summary>
public class GoldenModelTokenizerTests
{
    public static TheoryData<string, string> ModelsAndRoutes() => ModelsAndRoutesOf(null);

    public static TheoryData<string, string> EncoderModelsAndRoutes() => ModelsAndRoutesOf("encoder");

    private static TheoryData<string, string> ModelsAndRoutesOf(string? family)
    {
        var data = new TheoryData<string, string>();
        foreach (var model in TokenizerFixtures.GoldenModelFolders(family))
            foreach (var route in TokenizerFixtures.Routes(TokenizerFixtures.ModelFolder(model)))
                data.Add(model, route);
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndRoutes))]
    public void Texts_give_the_golden_input_ids(string model, string route)
    {
        var (golden, tokenizer) = Load(model, route);
        var settings = golden.GetProperty("settings");
        var maxLength = settings.GetProperty("max_length").GetInt32();
        foreach (var text in golden.GetProperty("texts").EnumerateArray())
        {
            var expected = TokenizerFixtures.Ints(text.GetProperty("input_ids"));
            var actual = golden.GetProperty("family").GetString() == "decoder"
                ? DecoderPrompt(tokenizer, text.GetProperty("text").GetString()!, settings, maxLength)
                : EncoderRow(tokenizer, text.GetProperty("text").GetString()!, maxLength);
            Assert.Equal(expected, actual);
            Assert.Equal(TokenizerFixtures.Strings(text.GetProperty("tokens")), actual.Select(id => tokenizer.IdToToken(id)));
        }
    }

    [Theory]
    [MemberData(nameof(ModelsAndRoutes))]
    public void Pad_token_and_label_words_match_the_golden_settings(string model, string route)
    {
        var (golden, tokenizer) = Load(model, route);
        var settings = golden.GetProperty("settings");
        Assert.Equal(settings.GetProperty("pad_token_id").GetInt32(), tokenizer.PaddingTokenId);
        if (!settings.TryGetProperty("label_words", out var labelWords))
            return;
        var labelIds = TokenizerFixtures.Strings(labelWords).Select(w => tokenizer.Encode(w, addSpecialTokens: false).Ids.Single());
        Assert.Equal(TokenizerFixtures.Ints(settings.GetProperty("label_token_ids")), labelIds);
        Assert.Equal(TokenizerFixtures.Ints(settings.GetProperty("template_suffix_ids")),
            tokenizer.Encode(settings.GetProperty("template_suffix").GetString()!, addSpecialTokens: false).Ids);
    }

    [Theory]
    [MemberData(nameof(EncoderModelsAndRoutes))]
    public void Encoder_batch_equals_the_golden_padded_batch(string model, string route)
    {
        var (golden, tokenizer) = Load(model, route);
        var texts = golden.GetProperty("texts").EnumerateArray().Select(t => t.GetProperty("text").GetString()!).ToArray();
        var batchGolden = golden.GetProperty("batch");
        var rows = TokenizerFixtures.Ints(batchGolden.GetProperty("text_indices")).Select(i => texts[i]).ToArray();

        var batch = tokenizer.EncodeBatch(rows, options: new BatchEncodingOptions(MaxLength: golden.GetProperty("settings").GetProperty("max_length").GetInt32()));

        Assert.Equal(Matrix(batchGolden.GetProperty("input_ids")), batch.InputIds);
        Assert.Equal(Matrix(batchGolden.GetProperty("attention_mask")), batch.AttentionMask);
        Assert.All(batch.TokenTypeIds.Cast<long>(), typeId => Assert.Equal(0, typeId));
    }

    private static int[] DecoderPrompt(ITokenizer tokenizer, string text, JsonElement settings, int maxLength)
    {
        var suffix = tokenizer.Encode(settings.GetProperty("template_suffix").GetString()!, addSpecialTokens: false).Ids;
        return tokenizer.Encode(text).Ids.Take(maxLength - suffix.Count).Concat(suffix).ToArray();
    }

    private static int[] EncoderRow(ITokenizer tokenizer, string text, int maxLength)
    {
        var batch = tokenizer.EncodeBatch([text], options: new BatchEncodingOptions(MaxLength: maxLength));
        return Enumerable.Range(0, batch.Lengths[0]).Select(i => (int)batch.InputIds[0, i]).ToArray();
    }

    private static long[,] Matrix(JsonElement rows)
    {
        var list = rows.EnumerateArray().Select(TokenizerFixtures.Ints).ToArray();
        var matrix = new long[list.Length, list[0].Length];
        for (var r = 0; r < list.Length; r++)
            for (var c = 0; c < list[r].Length; c++)
                matrix[r, c] = list[r][c];
        return matrix;
    }

    private static (JsonElement Golden, HuggingFaceTokenizer Tokenizer) Load(string model, string route)
    {
        var folder = TokenizerFixtures.ModelFolder(model);
        var golden = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "golden.json"))).RootElement;
        return (golden, TokenizerFixtures.Load(folder, route));
    }
}
