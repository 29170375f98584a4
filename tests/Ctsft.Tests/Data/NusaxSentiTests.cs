using Ctsft.Data;
using Ctsft.Data.Acquisition;

namespace Ctsft.Tests.Data;

/// <summary>Every NusaX-Senti file in the shared folder against its README (rows, labels, multi-line records).</summary>
public class NusaxSentiTests
{
    /// <summary>Records whose text spans lines, per the README (train, valid, test).</summary>
    private static readonly Dictionary<string, int[]> MultiLineRecords = new()
    {
        ["bbc"] = [19, 1, 16], ["bug"] = [2, 2, 1], ["min"] = [3, 0, 2], ["nij"] = [2, 0, 1],
    };

    public static TheoryData<string, string> Files()
    {
        var files = new TheoryData<string, string>();
        foreach (var language in NusaxSenti.Task.Languages)
            foreach (var split in NusaxSenti.Task.Splits)
                files.Add(language, split);
        return files;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_has_the_row_and_label_counts_of_the_readme(string language, string split)
    {
        var expected = split switch
        {
            "train" => new[] { 192, 119, 189 },
            "valid" => [38, 24, 38],
            _ => [153, 96, 151],
        };
        var dataset = SharedDatasets.Nusax(language, split);
        Assert.Equal(expected.Sum(), dataset.Count);
        Assert.Equal(expected, dataset.LabelCounts());
        Assert.Equal(["negative", "neutral", "positive"], dataset.LabelNames);
        Assert.All(dataset.Examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Text)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Quoted_newlines_stay_inside_one_record(string language, string split)
    {
        var expected = MultiLineRecords.TryGetValue(language, out var counts) ? counts[NusaxSenti.Task.Splits.ToList().IndexOf(split)] : 0;
        Assert.Equal(expected, SharedDatasets.Nusax(language, split).Examples.Count(e => e.Text.Contains('\n')));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("valid")]
    [InlineData("test")]
    public void All_twelve_languages_are_parallel(string split)
    {
        var datasets = NusaxSenti.Task.Languages.Select(l => SharedDatasets.Nusax(l, split)).ToArray();
        ParallelDatasets.Ensure(datasets);
        Assert.All(datasets, d => Assert.Equal(datasets[0].Ids, d.Ids));
    }

    [Fact]
    public void The_content_hash_is_the_sha256_of_the_file_the_manifest_names()
    {
        var dataset = SharedDatasets.Nusax("jav", "train");
        Assert.Equal(NusaxManifest.Files.Single(f => f.Path == "jav/train.csv").Sha256, dataset.ContentHash);
        Assert.Equal(Path.Combine(SharedFolder.Data, "nusax-senti", "jav", "train.csv"), dataset.SourceFile);
    }

    [Fact]
    public void The_manifest_covers_every_file_and_matches_the_shared_copies()
    {
        Assert.Equal(37, NusaxManifest.Files.Count);
        foreach (var entry in NusaxManifest.Files)
            Assert.Null(entry.Mismatch(File.ReadAllBytes(Path.Combine(SharedFolder.Data, "nusax-senti", entry.Path))));
    }

    [Fact]
    public void A_language_the_dataset_lacks_is_refused_with_the_list_it_has()
    {
        var error = Assert.Throws<BadInputException>(() => NusaxSenti.Load(SharedFolder.Data, "xyz", "train"));
        Assert.Contains("'xyz'", error.Message);
        Assert.Contains("ace, ban, bbc, bjn, bug, eng, ind, jav, mad, min, nij, sun", error.Message);
    }

    [Fact]
    public void A_missing_file_says_how_to_get_it()
    {
        using var empty = new TempFolder();
        var error = Assert.Throws<BadSettingException>(() => NusaxSenti.Load(empty.Path, "jav", "train"));
        Assert.Equal("data_dir", error.Setting);
        Assert.Contains(Path.Combine(empty.Path, "nusax-senti", "jav", "train.csv"), error.Message);
        Assert.Contains("ctsft data get nusax", error.Message);
    }
}
