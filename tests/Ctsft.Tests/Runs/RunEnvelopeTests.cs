using System.Text.Json.Nodes;
using Ctsft.Reproducibility;
using Ctsft.Runs;

namespace Ctsft.Tests.Runs;

public class RunEnvelopeTests
{
    private static RunEnvelope Envelope() =>
        new("ctsft.test", 3, "test", RunEnvelope.Completed, new JsonObject { ["learning_rate"] = 5e-5, ["xnli_languages"] = new JsonArray("en", "th") },
            [new RunInput("model", "/m", new string('a', 64))], ["out.json"]);

    [Fact]
    public void An_envelope_round_trips_with_its_body_and_snake_case_names()
    {
        using var temp = new TempFolder();
        var path = temp.File("x.json");
        RunDocument.Write(path, Envelope(), new JsonObject { ["payload"] = 7 });
        var text = File.ReadAllText(path);
        Assert.StartsWith("{\n  \"format\": \"ctsft.test\",\n  \"format_version\": 3,", text.Replace("\r\n", "\n"));
        var (read, root) = RunDocument.Read(path, "ctsft.test", 3);
        Assert.Equal(("test", RunEnvelope.Completed, ToolVersion.Current, ToolVersion.GitCommit), (read.Kind, read.Status, read.ToolVersion, read.GitCommit));
        Assert.Equal(Envelope().Inputs, read.Inputs);
        Assert.Equal(["out.json"], read.Outputs);
        Assert.Equal(5e-5, read.Settings["learning_rate"]!.GetValue<double>());
        Assert.Equal(7, root["payload"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("ctsft.other", 3, "not a ctsft.other file")]
    [InlineData("ctsft.test", 4, "version 3 is not readable")]
    public void A_file_of_another_format_or_version_is_refused_naming_the_file(string format, int version, string message)
    {
        using var temp = new TempFolder();
        var path = temp.File("x.json");
        RunDocument.Write(path, Envelope(), new JsonObject());
        var error = Assert.Throws<BadInputException>(() => RunDocument.Read(path, format, version));
        Assert.Contains(path, error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_git_commit_is_embedded_at_build_time_when_built_from_a_checkout()
    {
        if (!AncestorHasGit(AppContext.BaseDirectory)) return;   // built from an archive: nothing to embed
        Assert.Matches("^[0-9a-f]{40}(-dirty)?$", ToolVersion.GitCommit);
    }

    private static bool AncestorHasGit(string folder)
    {
        for (var d = new DirectoryInfo(folder); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git"))) return true;
        return false;
    }
}
