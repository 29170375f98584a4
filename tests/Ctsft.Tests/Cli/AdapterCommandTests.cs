using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ctsft.Circuits;
using Ctsft.Cli.Commands;

namespace Ctsft.Tests.Cli;

/// <summary>
/// The adapter options of <c>ctsft train</c> and <c>ctsft budget</c> from the command line: <c>--match-budget</c> picks the
/// rank whose count is closest to a real discovered circuit's and records both counts; bad adapter options exit 2 naming
/// the option and leave no output.
/// </summary>
public sealed partial class AdapterCommandTests(AdapterCommandTests.DiscoveredCircuit discovered) : IClassFixture<AdapterCommandTests.DiscoveredCircuit>
{
    private const string Fixture = "tiny-qwen2";

    /// <summary>One real <c>ctsft discover</c> run on the fixture, shared by the tests of this class.</summary>
    public sealed class DiscoveredCircuit : IDisposable
    {
        private readonly TempFolder temp = new();

        public string File { get; }

        public DiscoveredCircuit()
        {
            var (exit, _, error) = CliRunner.Run("discover", SharedFolder.Fixture(Fixture), "--task", "nusax", "--lang", "ind", "--depth", "1",
                "--per-iteration", "2", "--mean-size", "12", "--discovery-size", "6", "--seed", "3", "--data-dir", SharedFolder.Data, "--out", temp.Path);
            Assert.True(exit == 0, error);
            File = temp.File(CircuitReport.FileName);
        }

        public void Dispose() => temp.Dispose();
    }

    private static string[] Train(string output, params string[] extra) =>
        ["train", SharedFolder.Fixture(Fixture), "--lang", "jav", "--n", "8", "--epochs", "1", "--batch-size", "4", "--lr", "1e-3",
            "--data-dir", SharedFolder.Data, "--out", output, .. extra];

    /// <summary>The distinct trainable entries of PEFT's line that <c>ctsft budget</c> prints.</summary>
    private static long BudgetEntries(params string[] options)
    {
        var (exit, output, error) = CliRunner.Run(["budget", SharedFolder.Fixture(Fixture), .. options]);
        Assert.True(exit == 0, error);
        var line = PeftLine().Match(output);
        Assert.True(line.Success, $"no PEFT line in: {output}");
        return long.Parse(line.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Train_with_match_budget_takes_the_rank_closest_to_the_circuit_and_records_both_counts()
    {
        using var temp = new TempFolder();
        var output = temp.File("run");
        var (exit, _, error) = CliRunner.Run(Train(output, "--scope", "lora", "--with-norms", "--match-budget", discovered.File));
        Assert.True(exit == 0, error);

        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(output, "run.json")));
        var adapter = manifest.RootElement.GetProperty("scope").GetProperty("adapter");
        var match = adapter.GetProperty("budget_match");
        var rank = adapter.GetProperty("rank").GetInt32();
        var targets = string.Join(",", adapter.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var circuitHeads = string.Join(",", match.GetProperty("circuit_heads").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(CircuitFile.Read(discovered.File).Circuit.ToString(), circuitHeads);

        // Both counts are what `ctsft budget` says of the circuit's heads scope and of the chosen LoRA.
        var circuitEntries = BudgetEntries("--heads", circuitHeads);
        var loraEntries = BudgetEntries("--scope", "lora", "--lora-targets", targets, "--lora-rank", $"{rank}", "--with-norms");
        Assert.Equal(circuitEntries, match.GetProperty("circuit_trainable").GetInt64());
        Assert.Equal(loraEntries, match.GetProperty("lora_trainable").GetInt64());
        Assert.Equal(loraEntries, manifest.RootElement.GetProperty("scope").GetProperty("distinct_trainable").GetInt64());

        // No neighbouring rank on the same projections comes closer.
        foreach (var neighbour in new[] { rank - 1, rank + 1 }.Where(r => r >= 1))
        {
            var entries = BudgetEntries("--scope", "lora", "--lora-targets", targets, "--lora-rank", $"{neighbour}", "--with-norms");
            Assert.True(Math.Abs(entries - circuitEntries) >= Math.Abs(loraEntries - circuitEntries),
                $"rank {neighbour} ({entries:N0}) is closer to the circuit's {circuitEntries:N0} than the chosen rank {rank} ({loraEntries:N0})");
        }

        // `ctsft budget --match-budget` makes the same choice.
        Assert.Equal(loraEntries, BudgetEntries("--scope", "lora", "--with-norms", "--match-budget", discovered.File));
    }

    public static TheoryData<string[]> BadTrainOptions => new()
    {
        new[] { "--scope", "lora", "--lora-rank", "0" },
        new[] { "--scope", "lora", "--lora-alpha", "-1" },
        new[] { "--scope", "lora", "--lora-dropout", "1" },
        new[] { "--scope", "lora", "--lora-targets", "q,x" },
        new[] { "--scope", "lora", "--lora-targets", "" },
        new[] { "--scope", "heads", "--heads", "L0H0", "--lora-rank", "4" },
        new[] { "--scope", "full", "--with-norms" },
        new[] { "--scope", "ia3", "--lora-rank", "4" },
        new[] { "--scope", "lora", "--ia3-targets", "k,v" },
        new[] { "--scope", "ia3", "--ia3-targets", "q,nope" },
        new[] { "--scope", "full", "--match-budget", "CIRCUIT" },
        new[] { "--scope", "ia3", "--match-budget", "CIRCUIT" },
        new[] { "--scope", "lora", "--match-budget", "missing/circuit.json" },
        new[] { "--scope", "lora", "--match-budget", "CIRCUIT:everything" },
        new[] { "--scope", "lora", "--adapter", "missing-adapter" },
    };

    [Theory, MemberData(nameof(BadTrainOptions))]
    public void Bad_adapter_options_of_train_exit_2_name_the_option_and_leave_no_output(string[] extra)
    {
        using var temp = new TempFolder();
        var output = temp.File("run");
        var options = extra.Select(o => o == "CIRCUIT" ? discovered.File : o.Replace("CIRCUIT:", discovered.File + ":", StringComparison.Ordinal)).ToArray();
        var (exit, _, error) = CliRunner.Run(Train(output, options));
        Assert.Equal(2, exit);
        var named = extra.Last(o => o.StartsWith("--", StringComparison.Ordinal));
        Assert.True(error.Contains(named, StringComparison.Ordinal), $"the message does not name {named}: {error}");
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    public static TheoryData<string[]> BadBudgetOptions => new()
    {
        new[] { "--scope", "lora", "--lora-rank", "0" },
        new[] { "--scope", "lora", "--lora-targets", "q,x" },
        new[] { "--scope", "heads", "--heads", "L0H0", "--lora-rank", "4" },
        new[] { "--scope", "ia3", "--lora-alpha", "2" },
        new[] { "--scope", "heads", "--heads", "L0H0", "--match-budget", "CIRCUIT" },
        new[] { "--scope", "lora", "--match-budget", "missing/circuit.json" },
    };

    [Theory, MemberData(nameof(BadBudgetOptions))]
    public void Bad_adapter_options_of_budget_exit_2_and_name_the_option(string[] extra)
    {
        var options = extra.Select(o => o == "CIRCUIT" ? discovered.File : o).ToArray();
        var (exit, output, error) = CliRunner.Run(["budget", SharedFolder.Fixture(Fixture), .. options]);
        Assert.Equal(2, exit);
        var named = extra.Last(o => o.StartsWith("--", StringComparison.Ordinal));
        Assert.True(error.Contains(named, StringComparison.Ordinal), $"the message does not name {named}: {error}");
        Assert.DoesNotMatch(PeftLine(), output);
    }

    [Fact]
    public void Every_adapter_option_the_tests_refuse_is_an_option_of_train_and_budget()
    {
        var train = TrainCommand.Create().Options.Select(o => o.Name).ToHashSet();
        var budget = BudgetCommand.Create().Options.Select(o => o.Name).ToHashSet();
        foreach (var row in BadTrainOptions) Assert.All(row.Where(o => o.StartsWith("--", StringComparison.Ordinal)), o => Assert.Contains(o, train));
        foreach (var row in BadBudgetOptions) Assert.All(row.Where(o => o.StartsWith("--", StringComparison.Ordinal)), o => Assert.Contains(o, budget));
    }

    [GeneratedRegex(@"trainable params: ([0-9,]+) \|\|")]
    private static partial Regex PeftLine();
}
