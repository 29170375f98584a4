using Ctsft.Circuits;
using Ctsft.Evaluation;
using Ctsft.Models;
using Ctsft.Runs;
using Ctsft.Scopes;
using Ctsft.Tests.Training;
using Ctsft.Training;

namespace Ctsft.Tests.Runs;

/// <summary>One discovery run on the tiny encoder, shared by the tests that read it or train from it.</summary>
public sealed class TinyDiscovery : IDisposable
{
    private readonly TempFolder _temp = new();

    public TinyDiscovery() => Run = DiscoveryRun.Execute(RunManifestTests.Discovery("tiny-bert"), _temp.File("discover"));

    public DiscoveryRunResult Run { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>Every JSON a run writes has a reader, and what the reader returns is what the run wrote.</summary>
public class RunManifestTests(TinyDiscovery shared) : IClassFixture<TinyDiscovery>
{
    internal static DiscoverySettings Discovery(string fixture) => new()
    {
        Checkpoint = SharedFolder.Fixture(fixture), Language = "ind", Depth = 1, PerIteration = 2, MeanSize = 12, DiscoverySize = 6,
        DataDir = SharedFolder.Data, Seed = 3,
    };

    [Fact]
    public void Evaluation_metrics_and_manifest_read_back_as_written()
    {
        using var temp = new TempFolder();
        var run = EvaluationRun.Execute(new EvaluationRunSettings(SharedFolder.Fixture("tiny-bert"), new TaskSelection("nusax", "jav", "valid"),
            SharedFolder.Data, BatchSize: 16, OutputFolder: temp.File("eval")));
        var (envelope, metrics) = MetricsFile.Read(Path.Combine(run.Folder, MetricsFile.FileName));
        var written = run.Evaluation.Metrics;
        Assert.Equal((written.Count, written.Accuracy, written.MacroF1, written.MeanGoldMargin), (metrics.Count, metrics.Accuracy, metrics.MacroF1, metrics.MeanGoldMargin));
        Assert.Equal(written.PerClass, metrics.PerClass);
        Assert.Equal(written.Confusion.Counts.SelectMany(r => r), metrics.Confusion.Counts.SelectMany(r => r));
        Assert.Equal(("eval", RunEnvelope.Completed, MetricsFile.Format), (envelope.Kind, envelope.Status, envelope.Format));
        Assert.Equal(["model", "data"], envelope.Inputs.Select(i => i.Role));
        Assert.Equal(run.Manifest.Model.Sha256, envelope.Inputs[0].Sha256);
        Assert.Equal(16, envelope.Settings["batch_size"]!.GetValue<int>());

        var manifest = EvaluationManifest.Read(Path.Combine(run.Folder, EvaluationManifest.FileName));
        Assert.Equal(run.Manifest.Data, manifest.Data with { LabelCounts = run.Manifest.Data.LabelCounts });
        Assert.Equal(run.Manifest.Data.LabelCounts, manifest.Data.LabelCounts);
        Assert.Equal(run.Manifest.Settings, manifest.Settings);
        Assert.Equal(run.Manifest.Created.ToUnixTimeMilliseconds(), manifest.Created.ToUnixTimeMilliseconds());
        Assert.Equal(Ctsft.Reproducibility.ToolVersion.GitCommit, manifest.GitCommit);
    }

    [Fact]
    public void Discovery_is_a_library_run_whose_circuit_json_reads_back_with_every_set()
    {
        var run = shared.Run;
        Assert.Equal(["circuit.json", "heatmap-depth1.png", "heatmap.png"], Directory.GetFiles(run.Folder).Select(Path.GetFileName).Order());
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(run.Folder)!, ".discover.running")));
        var file = CircuitFile.Read(run.CircuitFile);
        Assert.Equal(run.Result.Circuit, file.Circuit);
        Assert.Equal(new HeadSet(run.Result.Comparison.NearZero), file.NearZero);
        Assert.Equal(new HeadSet(run.Result.Comparison.Least), file.Least);
        Assert.Equal(new HeadSet(run.Result.Comparison.Random), file.Random);
        Assert.Equal(run.Result.ModelHash, file.ModelSha256);
        Assert.Equal(["circuit.json", "heatmap.png", "heatmap-depth1.png"], file.Envelope.Outputs);
        Assert.Equal(("discover", 2), (file.Envelope.Kind, file.PerIteration));
        Assert.Equal(run.Result.ModelHash, file.Envelope.Inputs.Single(i => i.Role == "model").Sha256);

        var again = Assert.Throws<BadSettingException>(() => DiscoveryRun.Execute(Discovery("tiny-bert"), run.Folder));
        Assert.Equal("out", again.Setting);
    }

    [Fact]
    public void A_cancelled_discovery_writes_nothing()
    {
        using var temp = new TempFolder();
        using var cancel = new CancellationTokenSource();
        var progress = new Callback<DiscoveryProgress>(p => { if (p.Stage == "scoring heads") cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => DiscoveryRun.Execute(Discovery("tiny-bert"), temp.File("discover"), progress: progress, cancellation: cancel.Token));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_cancelled_evaluation_writes_nothing()
    {
        using var temp = new TempFolder();
        using var cancel = new CancellationTokenSource();
        var progress = new Callback<EvaluationProgress>(_ => cancel.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() => EvaluationRun.Execute(
            new EvaluationRunSettings(SharedFolder.Fixture("tiny-bert"), new TaskSelection("nusax", "jav", "valid"), SharedFolder.Data, BatchSize: 8,
                OutputFolder: temp.File("eval")), progress, cancellation: cancel.Token));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData("", "circuit")]
    [InlineData(":circuit", "circuit")]
    [InlineData(":near_zero", "near_zero")]
    [InlineData(":least", "least")]
    [InlineData(":random", "random")]
    public void Train_takes_its_heads_from_a_discovery_and_records_the_file_its_hash_and_the_set(string suffix, string set)
    {
        using var temp = new TempFolder();
        var discovery = shared.Run;
        var expected = CircuitFile.Read(discovery.CircuitFile).Set(set);
        var request = PatchTests.Request(SharedFolder.Fixture("tiny-bert"), ParameterScope.OfHeads(HeadSet.Empty), temp.File("train"))
            with { HeadsFrom = discovery.CircuitFile + suffix };
        var run = TrainingRun.Execute(request);

        var file = TrainingRunFile.Read(Path.Combine(run.Folder, TrainingRun.ManifestFile));
        Assert.Equal(expected, file.Heads);
        Assert.Equal(("heads", discovery.CircuitFile, set), (file.Scope, file.HeadsFromFile, file.HeadsFromSet));
        Assert.Equal(RunDocument.FileHash(discovery.CircuitFile), file.Envelope.Inputs.Single(i => i.Role == "heads_from").Sha256);
        Assert.Equal(expected.Select(h => h.ToString()), CircuitPatch.ReadManifest(Path.Combine(run.Folder, TrainingRun.PatchFolder)).Heads);
        Assert.Equal((RunEnvelope.Completed, "train", 12), (file.Envelope.Status, file.Envelope.Kind, file.N));
    }

    [Theory]
    [InlineData("missing/circuit.json", "does not exist")]
    [InlineData("DISCOVERY:median", "'median' is not a set")]
    [InlineData("DISCOVERY/heatmap.png", "not valid JSON")]
    public void A_bad_heads_from_exits_2_naming_the_flag_and_the_file_and_writes_nothing(string spec, string message)
    {
        using var temp = new TempFolder();
        var discovery = shared.Run;
        spec = spec.Replace("DISCOVERY", discovery.Folder);
        var (exit, _, error) = Ctsft.Tests.Cli.CliRunner.Run("train", SharedFolder.Fixture("tiny-bert"), "--lang", "jav", "--n", "10", "--epochs", "1",
            "--heads-from", spec, "--data-dir", SharedFolder.Data, "--out", temp.File("train"));
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(temp.File("train")));
        Assert.False(Directory.Exists(temp.File(".train.running")));
    }

    private sealed class Callback<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
