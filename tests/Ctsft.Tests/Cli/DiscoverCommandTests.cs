using System.CommandLine;
using System.Text.Json;
using Ctsft.Circuits;
using Ctsft.Cli.Commands;

namespace Ctsft.Tests.Cli;

/// <summary><c>ctsft discover</c> on the fixture models with the shared NusaX data: outputs, options recorded, bad input.</summary>
public class DiscoverCommandTests
{
    public static TheoryData<string> Fixtures => SharedFolder.GoldenModelNames();

    private static int Run(params string[] args) => new RootCommand { DiscoverCommand.Create() }.Parse(args).Invoke();

    [Theory, MemberData(nameof(Fixtures))]
    public void Discover_writes_circuit_json_with_every_depth_the_sets_the_options_and_hashes_and_a_heatmap(string fixture)
    {
        using var temp = new TempFolder();
        // An encoder whose labels are not NusaX's gets a new classifier, which discover only accepts when told.
        string[] newClassifier = FixtureTask.Labels(fixture).SequenceEqual(Ctsft.Tasks.ClassificationTask.NusaxSenti.LabelNames) ? [] : ["--allow-new-classifier"];
        var exit = Run(["discover", SharedFolder.Fixture(fixture), "--task", "nusax", "--lang", "ind", "--depth", "1", "--per-iteration", "2",
            "--attention", "frozen", "--no-collapse", "--mean-size", "12", "--discovery-size", "6", "--seed", "3", "--data-dir", SharedFolder.Data,
            "--out", temp.Path, .. newClassifier]);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(File.ReadAllBytes(temp.File(CircuitReport.FileName)));
        var root = json.RootElement;
        var options = root.GetProperty("settings");
        Assert.Equal("frozen", options.GetProperty("attention").GetString());
        Assert.False(options.GetProperty("collapse").GetBoolean());
        Assert.Equal(2, options.GetProperty("per_iteration").GetInt32());
        Assert.Equal("per_iteration", options.GetProperty("per_iteration_from").GetString());
        Assert.Equal(3UL, options.GetProperty("seed").GetUInt64());
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("model").GetProperty("sha256_of_tensors").GetString());
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("data").GetProperty("pool_a").GetProperty("sha256").GetString());
        Assert.Equal(12, root.GetProperty("means").GetProperty("example_ids").GetArrayLength());
        Assert.Equal(6, root.GetProperty("discovery_set").GetProperty("example_ids").GetArrayLength());
        Assert.Empty(root.GetProperty("means").GetProperty("example_ids").EnumerateArray().Select(e => e.GetString())
            .Intersect(root.GetProperty("discovery_set").GetProperty("example_ids").EnumerateArray().Select(e => e.GetString())));
        var depths = root.GetProperty("depths").EnumerateArray().ToArray();
        Assert.InRange(depths.Length, 1, 2);
        var layers = root.GetProperty("model").GetProperty("layers").GetInt32();
        Assert.All(depths, d => Assert.Equal(layers, d.GetProperty("scores").GetArrayLength()));
        var circuit = root.GetProperty("circuit").EnumerateArray().Select(h => h.GetString()).ToArray();
        Assert.Equal(depths.Sum(d => d.GetProperty("picked").GetArrayLength()), circuit.Length);
        foreach (var set in new[] { "near_zero", "least", "random" })
        {
            var heads = root.GetProperty("comparison").GetProperty(set).EnumerateArray().Select(h => h.GetString()).ToArray();
            Assert.Equal(Math.Min(circuit.Length, layers * root.GetProperty("model").GetProperty("heads_per_layer").GetInt32() - circuit.Length), heads.Length);
            Assert.Empty(heads.Intersect(circuit));
        }
        Assert.Equal(4, root.GetProperty("faithfulness").GetProperty("scopes").GetArrayLength());
        var png = File.ReadAllBytes(temp.File("heatmap.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp-*"));
    }

    [Fact]
    public void A_mean_set_that_cannot_be_balanced_falls_back_and_says_so()
    {
        using var temp = new TempFolder();
        // The random tiny BERT predicts almost everything negative: too few correct neutral examples for 17 per class.
        Assert.Equal(0, Run("discover", SharedFolder.Fixture("tiny-bert"), "--lang", "ind", "--depth", "0", "--discovery-size", "4",
            "--data-dir", SharedFolder.Data, "--out", temp.Path));
        using var json = JsonDocument.Parse(File.ReadAllBytes(temp.File(CircuitReport.FileName)));
        var means = json.RootElement.GetProperty("means");
        Assert.True(means.GetProperty("fell_back").GetBoolean());
        Assert.Equal(50, means.GetProperty("per_class_counts").EnumerateArray().Sum(c => c.GetInt32()));
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("could not be label-balanced"));
    }

    [Theory]
    [InlineData("--depth", "-1")]
    [InlineData("--attention", "softmax")]
    [InlineData("--ratio", "0")]
    [InlineData("--discovery-size", "400")] // more correctly predicted examples than Pool A has
    [InlineData("--margin", "median")]
    public void Bad_input_exits_2(string option, string value)
    {
        using var temp = new TempFolder();
        string[] depth = option == "--depth" ? [] : ["--depth", "1"];
        Assert.Equal(2, Run(["discover", SharedFolder.Fixture("tiny-bert"), "--lang", "ind", .. depth, option, value, "--data-dir", SharedFolder.Data, "--out", temp.Path]));
        Assert.False(File.Exists(temp.File(CircuitReport.FileName)));
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void A_depth_deeper_than_the_model_stops_when_no_candidate_is_left_and_says_so(string fixture)
    {
        using var temp = new TempFolder();
        var layers = Golden.For(fixture).Root.GetProperty("hidden_states").GetProperty("z").GetArrayLength();
        string[] newClassifier = FixtureTask.Labels(fixture).SequenceEqual(Ctsft.Tasks.ClassificationTask.NusaxSenti.LabelNames) ? [] : ["--allow-new-classifier"];
        Assert.Equal(0, Run(["discover", SharedFolder.Fixture(fixture), "--lang", "ind", "--depth", (layers + 3).ToString(), "--per-iteration", "1",
            "--mean-size", "6", "--discovery-size", "4", "--data-dir", SharedFolder.Data, "--out", temp.Path, .. newClassifier]));
        using var json = JsonDocument.Parse(File.ReadAllBytes(temp.File(CircuitReport.FileName)));
        var root = json.RootElement;
        var reached = root.GetProperty("settings").GetProperty("depth_reached").GetInt32();
        Assert.Equal(layers + 3, root.GetProperty("settings").GetProperty("max_depth").GetInt32());
        Assert.Equal(root.GetProperty("depths").GetArrayLength() - 1, reached);
        Assert.InRange(reached, 0, layers - 1);
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains($"stopped at depth {reached}"));
    }

    [Fact]
    public void Ratio_and_per_iteration_together_are_refused()
    {
        using var temp = new TempFolder();
        Assert.Equal(2, Run("discover", SharedFolder.Fixture("tiny-bert"), "--lang", "ind", "--depth", "1", "--ratio", "0.1", "--per-iteration", "2",
            "--data-dir", SharedFolder.Data, "--out", temp.Path));
    }

    [Fact]
    public void The_messages_name_the_problem()
    {
        var settings = new DiscoverySettings { Checkpoint = SharedFolder.Fixture("tiny-bert"), Language = "ind", DataDir = SharedFolder.Data, Depth = 1 };
        Assert.Contains("depth -1", Assert.Throws<BadSettingException>(() => CircuitDiscovery.Run(settings with { Depth = -1 })).Message);
        Assert.Contains("found only", Assert.Throws<BadInputException>(() => CircuitDiscovery.Run(settings with { DiscoverySize = 400 })).Message);
        Assert.Contains("ratio 0", Assert.Throws<BadSettingException>(() => CircuitDiscovery.Run(settings with { Ratio = 0 })).Message);
        Assert.Contains("attention 'softmax'", Assert.Throws<BadSettingException>(() => DecompositionOptions.ParseAttention("softmax")).Message);
        Assert.Contains("no language 'xyz'", Assert.Throws<BadInputException>(() => CircuitDiscovery.Run(settings with { Language = "xyz" })).Message);
    }

    [Fact]
    public void A_checkpoint_without_the_tasks_classifier_is_refused_unless_allowed()
    {
        var settings = new DiscoverySettings { Checkpoint = "minilm", Language = "ind", DataDir = SharedFolder.Data };
        var error = Assert.Throws<BadSettingException>(() => CircuitDiscovery.Run(settings));
        Assert.Contains("no classifier", error.Message);
        Assert.Contains("set allow_new_classifier", error.Message);
        Assert.Contains("set --allow-new-classifier", Ctsft.Cli.SettingFlags.Render(error));
    }
}
