using System.Text.Json.Nodes;
using Ctsft.Experiments;

namespace Ctsft.Tests.Experiments;

/// <summary>XNLI: one language set for every stage of a transfer and every cell of a grid (issue 9 section 2).</summary>
public class RunLanguageSetTests
{
    private static TransferSettings Xnli(string proxy, string target) => new()
    {
        Model = "minilm", Task = "xnli", Proxy = proxy, Target = target, N = 25, Arm = Arm.Full,
    };

    [Fact]
    public void ATransferWithoutALanguageSetUsesEnglishTheProxyAndTheTargetInEveryStage()
    {
        Assert.Equal(["en", "th"], Xnli("en", "th").WithRunLanguages().XnliLanguages);
        Assert.Equal(["en", "es", "th"], Xnli("es", "th").WithRunLanguages().XnliLanguages);
        Assert.Equal(["en", "th", "vi"], (Xnli("en", "th") with { XnliLanguages = ["en", "th", "vi"] }).WithRunLanguages().XnliLanguages);
        Assert.Null((Xnli("ind", "jav") with { Task = "nusax" }).WithRunLanguages().XnliLanguages);
    }

    [Fact]
    public void AnXnliGridWithoutALanguageSetGivesEveryCellTheWholeSet()
    {
        var json = new JsonObject
        {
            ["model"] = SharedFolder.Fixture("tiny-bert"), ["task"] = "xnli", ["proxy"] = "en", ["targets"] = new JsonArray("th", "vi"),
            ["n"] = new JsonArray(25), ["arms"] = new JsonArray("full"), ["depths"] = new JsonArray(0), ["seeds"] = new JsonArray(31),
        };
        var (spec, problems) = ExperimentSpecReader.Parse(json, StageExecutor.Default, checkEnvironment: false);
        Assert.Empty(problems);
        Assert.All(ExperimentGrid.Cells(spec!), cell => Assert.Equal(["en", "th", "vi"], spec!.Settings(cell).XnliLanguages));
    }
}
