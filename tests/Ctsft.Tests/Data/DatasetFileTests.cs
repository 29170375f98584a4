using Ctsft.Data;

namespace Ctsft.Tests.Data;

/// <summary>User datasets: CSV, TSV and JSON Lines with chosen columns, any language code.</summary>
public class DatasetFileTests
{
    [Fact]
    public void Csv_with_an_id_column_and_a_quoted_multi_line_text()
    {
        using var folder = new TempFolder();
        var path = folder.File("reviews.csv", "key,review,stars\nr1,\"good, \"\"very\"\"\nreally\",pos\nr2,bad,neg\n");
        var dataset = DatasetFile.Load(path, new DatasetColumns(Text: "review", Label: "stars", Id: "key"), language: "gor");
        Assert.Equal("reviews", dataset.Name);
        Assert.Equal("gor", dataset.Language);
        Assert.Equal(["neg", "pos"], dataset.LabelNames);
        Assert.Equal(new Example("r1", "good, \"very\"\nreally", null, 1), dataset.Examples[0]);
        Assert.Equal(new Example("r2", "bad", null, 0), dataset.Examples[1]);
    }

    [Fact]
    public void Tsv_with_a_text_pair_and_no_id_numbers_the_rows_from_one()
    {
        using var folder = new TempFolder();
        var path = folder.File("nli.tsv", "p\th\ty\nA cat.\tAn animal.\tyes\nA dog.\tA car.\tno\n");
        var dataset = DatasetFile.Load(path, new DatasetColumns(Text: "p", TextPair: "h", Label: "y", LabelNames: ["yes", "no"]), "xx-Latn", "dev");
        Assert.Equal([new Example("1", "A cat.", "An animal.", 0), new Example("2", "A dog.", "A car.", 1)], dataset.Examples);
        Assert.Equal("dev", dataset.Split);
    }

    [Fact]
    public void Json_lines_infer_integer_labels_in_numeric_order()
    {
        using var folder = new TempFolder();
        var path = folder.File("data.jsonl", "{\"id\": 7, \"text\": \"x\", \"label\": 10}\n\n{\"id\": 8, \"text\": \"y\", \"label\": 2}\n");
        var dataset = DatasetFile.Load(path, new DatasetColumns(Id: "id"), "ind");
        Assert.Equal(["2", "10"], dataset.LabelNames);
        Assert.Equal([new Example("7", "x", null, 1), new Example("8", "y", null, 0)], dataset.Examples);
    }

    [Fact]
    public void The_content_hash_is_the_sha256_of_the_bytes()
    {
        using var folder = new TempFolder();
        var path = folder.File("a.csv", "text,label\nhello,a\n");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(expected, DatasetFile.Load(path, new DatasetColumns(), "eng").ContentHash);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped()
    {
        using var folder = new TempFolder();
        var path = folder.File("bom.csv", [0xEF, 0xBB, 0xBF, .. "text,label\nhi,a\n"u8]);
        Assert.Equal("hi", DatasetFile.Load(path, new DatasetColumns(), "eng").Examples[0].Text);
    }

    [Fact]
    public void Subsets_keep_the_source_and_take_ids_in_the_order_given()
    {
        var train = SharedDatasets.Nusax("jav", "train");
        var subset = train.Select(["436", "219"], "train/mine");
        Assert.Equal(["436", "219"], subset.Ids);
        Assert.Equal(train.ContentHash, subset.ContentHash);
        Assert.Equal("train/mine", subset.Split);
        Assert.True(subset.Contains("219"));
        Assert.False(subset.Contains("209"));
    }
}
