using System.Security.Cryptography;
using Ctsft.Data;

namespace Ctsft.Tests.Data;

public class UserDataFileTests
{
    private static readonly IReadOnlyList<string> Labels = NusaxSenti.Task.LabelNames;

    private static UserDataFile File(string path, IReadOnlyList<string>? labels = null, string? splitColumn = null) =>
        new(path, new DatasetColumns(LabelNames: labels ?? Labels), splitColumn);

    [Fact]
    public void ASplitColumnChoosesEachSplitsRowsAndTheDataHashIsTheFilesSha256()
    {
        using var temp = new TempFolder();
        var (proxy, _) = UserFiles.Pair(temp);
        var file = File(proxy);
        var train = file.Load("ind", "train", splitSeed: 0);
        var valid = file.Load("ind", "valid", splitSeed: 0);
        var test = file.Load("ind", "test", splitSeed: 0);
        Assert.Equal((300, 40, 60), (train.Count, valid.Count, test.Count));
        var nusaxValid = NusaxSenti.Load(SharedFolder.Data, "ind", "valid");
        Assert.Equal(nusaxValid.Examples.Take(40).Select(e => (e.Text, nusaxValid.LabelNames[e.Label])),
            valid.Examples.Select(e => (e.Text, valid.LabelNames[e.Label])));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(proxy))), train.ContentHash);
        Assert.Equal(new Dictionary<string, int> { ["train"] = 300, ["valid"] = 40, ["test"] = 60 }, file.SplitSizes(0));
    }

    [Fact]
    public void WithoutASplitColumnTheSeedSplitsTheRowsDisjointlyInNusaxProportions()
    {
        using var temp = new TempFolder();
        var (_, target) = UserFiles.Pair(temp);
        var file = File(target);
        string[] Ids(string split, ulong seed) => file.Load("jav", split, seed).Ids.ToArray();
        var (train, valid, test) = (Ids("train", 0), Ids("valid", 0), Ids("test", 0));
        Assert.Equal((125, 25, 100), (train.Length, valid.Length, test.Length));
        Assert.Equal(250, train.Concat(valid).Concat(test).Distinct().Count());
        Assert.Equal(test, Ids("test", 0));
        Assert.NotEqual(test, Ids("test", 1));
        Assert.Contains("no split column", file.Describe()["split"]!.GetValue<string>());
    }

    [Fact]
    public void TheLabelsAreTheProxyFilesInSortedOrder()
    {
        using var temp = new TempFolder();
        var path = UserFiles.Csv(temp.File("few.csv"), UserFiles.Nusax("ind", "train", 40).Where(r => r.Label != "neutral").Reverse());
        Assert.Equal(["negative", "positive"], UserDataFile.LabelsOf(path, "label"));
    }

    [Fact]
    public void ALabelOutsideTheProxysSetIsRefusedNamingTheFileRowAndColumn()
    {
        using var temp = new TempFolder();
        var rows = UserFiles.Nusax("jav", "train", 30).ToList();
        var row = rows.FindIndex(r => r.Label == "neutral");
        var path = UserFiles.Csv(temp.File("jav.csv"), rows);
        var error = Assert.ThrowsAny<BadInputException>(() => File(path, ["negative", "positive"]).Load("jav", "train", 0));
        Assert.Contains(path, error.Message);
        Assert.Contains($"row {row + 1} ", error.Message);
        Assert.Contains("unknown label 'neutral' in column 'label'", error.Message);
    }

    [Fact]
    public void EmptyTextsMissingColumnsAndUnknownSplitsAreRefusedNamingFileRowAndColumn()
    {
        using var temp = new TempFolder();
        var rows = UserFiles.Nusax("ind", "train", 20, "train").ToList();
        rows[6] = rows[6] with { Text = "  " };
        var empty = UserFiles.Csv(temp.File("empty.csv"), rows);
        var error = Assert.ThrowsAny<BadInputException>(() => File(empty).Load("ind", "train", 0));
        Assert.Contains($"{empty}: row 7 ", error.Message);
        Assert.Contains("empty text in column 'text'", error.Message);

        var renamed = UserFiles.Csv(temp.File("renamed.csv"), UserFiles.Nusax("ind", "train", 5), textColumn: "sentence");
        error = Assert.ThrowsAny<BadInputException>(() => File(renamed).Load("ind", "train", 0));
        Assert.Contains($"{renamed}: missing column 'text'", error.Message);

        var badSplit = UserFiles.Csv(temp.File("split.csv"), UserFiles.Nusax("ind", "train", 5, "train").Select((r, i) => i == 3 ? r with { Split = "holdout" } : r));
        error = Assert.ThrowsAny<BadInputException>(() => File(badSplit).Load("ind", "train", 0));
        Assert.Contains($"{badSplit}: row 4 ", error.Message);
        Assert.Contains("split 'holdout' in column 'split'", error.Message);

        error = Assert.ThrowsAny<BadInputException>(() => File(badSplit, splitColumn: "part").Load("ind", "train", 0));
        Assert.Contains("missing column 'part'", error.Message);
        Assert.Equal($"{temp.File("absent.csv")}: file not found",
            Assert.ThrowsAny<BadInputException>(() => File(temp.File("absent.csv")).Load("ind", "train", 0)).Message);
    }
}
