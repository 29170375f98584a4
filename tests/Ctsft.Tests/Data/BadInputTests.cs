using Ctsft.Data;
using Ctsft.Data.Protocol;

namespace Ctsft.Tests.Data;

/// <summary>Every kind of bad data input is a <see cref="BadInputException"/> naming the file, row and value.</summary>
public class BadInputTests
{
    private static BadInputException LoadFails(string fileName, string text, DatasetColumns? columns = null)
    {
        using var folder = new TempFolder();
        var path = folder.File(fileName, text);
        var error = Assert.Throws<BadInputException>(() => DatasetFile.Load(path, columns ?? new DatasetColumns(Id: "id"), "eng"));
        Assert.Contains(path, error.Message);
        return error;
    }

    [Fact]
    public void Missing_column_lists_the_header()
    {
        var error = LoadFails("a.csv", "id,sentence,label\n1,hi,a\n");
        Assert.Contains("missing column 'text'", error.Message);
        Assert.Contains("id, sentence, label", error.Message);
    }

    [Fact]
    public void Missing_key_in_a_json_line_names_the_row()
    {
        var error = LoadFails("a.jsonl", "{\"id\":1,\"text\":\"a\",\"label\":\"x\"}\n{\"id\":2,\"label\":\"x\"}\n");
        Assert.Contains("row 2 (line 2)", error.Message);
        Assert.Contains("missing column 'text'", error.Message);
    }

    [Fact]
    public void Unknown_label_names_row_value_and_the_labels_expected()
    {
        var error = LoadFails("a.csv", "id,text,label\n1,hi,negative\n2,ho,postive\n",
            new DatasetColumns(Id: "id", LabelNames: ["negative", "neutral", "positive"]));
        Assert.Contains("row 2 (line 3)", error.Message);
        Assert.Contains("'postive'", error.Message);
        Assert.Contains("negative, neutral, positive", error.Message);
    }

    [Fact]
    public void Empty_text_names_the_row()
    {
        var error = LoadFails("a.tsv", "id\ttext\tlabel\n1\thi\ta\n2\t  \ta\n");
        Assert.Contains("row 2 (line 3)", error.Message);
        Assert.Contains("empty text in column 'text'", error.Message);
    }

    [Fact]
    public void Duplicate_ids_name_both_rows()
    {
        var error = LoadFails("a.csv", "id,text,label\n5,\"two\nlines\",a\n6,b,a\n5,c,a\n");
        Assert.Contains("row 3 (line 5)", error.Message);
        Assert.Contains("duplicate id '5'", error.Message);
        Assert.Contains("row 1 (line 2)", error.Message);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_refused()
    {
        var error = LoadFails("a.csv", "id,text,label\n1,a,b\n2,a,b,c\n");
        Assert.Contains("row 2 (line 3) has 4 fields, the header has 3", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_utf8_names_line_and_byte()
    {
        using var folder = new TempFolder();
        var path = folder.File("latin1.csv", [.. "id,text,label\n1,ok,a\n2,caf"u8, 0xE9, .. ",a\n"u8]);
        var error = Assert.Throws<BadInputException>(() => DatasetFile.Load(path, new DatasetColumns(Id: "id"), "fra"));
        Assert.Contains(path, error.Message);
        Assert.Contains("not valid UTF-8 at line 3", error.Message);
        Assert.Contains("0xE9", error.Message);
    }

    [Fact]
    public void Ids_that_are_not_parallel_across_languages_name_the_file_row_and_id()
    {
        var jav = SharedDatasets.Nusax("jav", "train");
        var renamed = jav with { Examples = jav.Examples.Select((e, i) => i == 3 ? e with { Id = "99999" } : e).ToArray(), SourceFile = "other.csv" };
        var error = Assert.Throws<BadInputException>(() => ParallelDatasets.Ensure([jav, renamed]));
        Assert.Contains("other.csv: row 4: id '99999'", error.Message);
        Assert.Contains("not parallel", error.Message);
    }

    [Fact]
    public void A_parallel_row_with_another_label_is_refused()
    {
        var jav = SharedDatasets.Nusax("jav", "train");
        var relabelled = jav with { Examples = jav.Examples.Select((e, i) => i == 0 ? e with { Label = (e.Label + 1) % 3 } : e).ToArray(), SourceFile = "x.csv" };
        var error = Assert.Throws<BadInputException>(() => PoolSplit.Create([jav, relabelled], splitSeed: 0));
        Assert.Contains("x.csv: row 1: id '219' has label", error.Message);
    }

    [Fact]
    public void A_language_missing_rows_is_not_parallel()
    {
        var jav = SharedDatasets.Nusax("jav", "train");
        var shorter = jav with { Examples = jav.Examples.Skip(1).ToArray(), SourceFile = "short.csv" };
        var error = Assert.Throws<BadInputException>(() => ParallelDatasets.Ensure([jav, shorter]));
        Assert.Contains("short.csv: id '219'", error.Message);
    }

    [Fact]
    public void N_larger_than_the_pool_names_n_and_the_pool_size()
    {
        var split = PoolSplit.Create(SharedDatasets.Nusax("jav", "train"), splitSeed: 0);
        var error = Assert.Throws<BadInputException>(() => NestedSample.FromPoolB(split, 0).Take(101));
        Assert.Contains("n = 101", error.Message);
        Assert.Contains("Pool B has 100 examples", error.Message);
    }

    [Fact]
    public void Pools_larger_than_the_file_are_refused()
    {
        var error = Assert.Throws<BadInputException>(() =>
            PoolSplit.Create(SharedDatasets.Nusax("jav", "train"), splitSeed: 0, poolBSize: 200, poolASize: 400));
        Assert.Contains("train.csv", error.Message);
        Assert.Contains("need 600 rows, the file has 500", error.Message);
    }

    [Theory]
    [InlineData("25,x")]
    [InlineData("0")]
    [InlineData(",")]
    public void Bad_sample_sizes_name_the_setting(string text)
    {
        var error = Assert.Throws<BadSettingException>(() => SampleSizes.Parse(text, 100));
        Assert.Equal("n", error.Setting);
        Assert.StartsWith("n: ", error.Message);
    }
}
