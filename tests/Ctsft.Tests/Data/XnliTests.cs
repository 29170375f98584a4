using Ctsft.Data;
using Ctsft.Data.Acquisition;

namespace Ctsft.Tests.Data;

/// <summary>Every XNLI file in the shared folder against its README, and the official release layout.</summary>
public class XnliTests
{
    public static TheoryData<string> Languages() => new(Xnli.Task.Languages);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_language_has_the_row_and_label_counts_of_the_readme(string language)
    {
        var dev = SharedDatasets.Xnli(language, "dev");
        var test = SharedDatasets.Xnli(language, "test");
        Assert.Equal([830, 830, 830], dev.LabelCounts());
        Assert.Equal([1670, 1670, 1670], test.LabelCounts());
        Assert.Equal(["entailment", "neutral", "contradiction"], dev.LabelNames);
        Assert.All(dev.Examples, e => Assert.False(string.IsNullOrWhiteSpace(e.TextPair)));
        Assert.Equal("1", dev.Examples[0].Id);
        Assert.Equal("2490", dev.Examples[^1].Id);
    }

    [Fact]
    public void Rows_are_parallel_across_the_fifteen_languages()
    {
        ParallelDatasets.Ensure(Xnli.Task.Languages.Select(l => SharedDatasets.Xnli(l, "dev")).ToArray());
        ParallelDatasets.Ensure(Xnli.Task.Languages.Select(l => SharedDatasets.Xnli(l, "test")).ToArray());
    }

    [Fact]
    public void The_first_english_dev_row_is_the_readme_pair()
    {
        var first = SharedDatasets.Xnli("en", "dev").Examples[0];
        Assert.Equal("And he said, Mama, I'm home.", first.Text);
        Assert.Equal("He called his mom as soon as the school bus dropped him off.", first.TextPair);
        Assert.Equal(1, first.Label);
    }

    [Fact]
    public void The_manifest_covers_every_file_and_matches_the_shared_copies()
    {
        Assert.Equal(30, XnliManifest.Files.Count);
        foreach (var entry in XnliManifest.Files)
            Assert.Null(entry.Mismatch(File.ReadAllBytes(Path.Combine(SharedFolder.Data, "xnli", entry.Path))));
    }

    [Fact]
    public void The_official_layout_gives_the_same_examples_as_the_per_language_layout()
    {
        using var folder = new TempFolder();
        var path = folder.File("XNLI-1.0/xnli.dev.tsv", XnliOfficialFileBuilder.Build(["ar", "en", "th"], "dev"));
        foreach (var language in new[] { "ar", "en", "th" })
        {
            var official = XnliOfficialLayout.Load(path, language, "dev");
            var perLanguage = SharedDatasets.Xnli(language, "dev");
            Assert.Equal(perLanguage.Examples, official.Examples);
            Assert.Equal(perLanguage.LabelNames, official.LabelNames);
        }
    }

    [Fact]
    public void Converting_the_official_layout_reproduces_the_per_language_files_byte_for_byte()
    {
        var converted = XnliOfficialLayout.ToPerLanguageFiles(XnliOfficialFileBuilder.Build(["en", "zh"], "test"), "xnli.test.tsv");
        Assert.Equal(["en", "zh"], converted.Keys);
        foreach (var (language, text) in converted)
            Assert.Equal(File.ReadAllText(Path.Combine(SharedFolder.Data, "xnli", language, "test.tsv")), text);
    }

    [Fact]
    public void A_language_the_official_file_lacks_is_refused_with_the_list_it_has()
    {
        using var folder = new TempFolder();
        var path = folder.File("xnli.dev.tsv", XnliOfficialFileBuilder.Build(["de", "en"], "dev"));
        var error = Assert.Throws<BadInputException>(() => XnliOfficialLayout.Load(path, "id", "dev"));
        Assert.Contains(path, error.Message);
        Assert.Contains("'id'", error.Message);
        Assert.Contains("de, en", error.Message);
    }

    [Fact]
    public void Indonesian_is_not_an_xnli_language()
    {
        var error = Assert.Throws<BadInputException>(() => Xnli.Load(SharedFolder.Data, "id", "dev"));
        Assert.Contains("ar, bg, de, el, en, es, fr, hi, ru, sw, th, tr, ur, vi, zh", error.Message);
    }
}
