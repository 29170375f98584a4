using System.Text.Json.Nodes;
using Ctsft.Experiments;
using Ctsft.Runs;

namespace Ctsft.Reports;

/// <summary>
/// The report's numbers as JSON (<c>report.json</c>, <c>ctsft report --json</c>): the run envelope, then the
/// status counts and the same <c>runs</c> array as <c>experiment status --json</c>, the aggregates, the paper's
/// numbers beside them, the bootstrap comparisons with their settings, the budgets and the discoveries.
/// </summary>
public static class ReportJson
{
    public const string Format = "ctsft.report", Kind = "report";
    public const int FormatVersion = 1;

    public static RunEnvelope Envelope(ExperimentReport report, IReadOnlyList<string> outputs)
    {
        var b = report.Options.Bootstrap;
        var specFile = Path.Combine(report.Source.Folder, ResultsStore.SpecFile);
        return new RunEnvelope(Format, FormatVersion, Kind, RunEnvelope.Completed, new JsonObject
        {
            ["results_folder"] = report.Source.Folder,
            ["bootstrap"] = new JsonObject { ["resamples"] = b.Resamples, ["seed"] = b.Seed, ["confidence"] = b.Confidence, ["scheme"] = BootstrapOptions.Scheme },
            ["ctsft_selection"] = report.Options.Selection.ToString().ToLowerInvariant(),
            ["standard_deviation"] = "sample (n - 1) over seeds; none for one seed",
        }, File.Exists(specFile) ? [new RunInput("experiment", specFile, RunDocument.FileHash(specFile))] : [], outputs);
    }

    public static JsonObject Build(ExperimentReport report, IReadOnlyList<string> outputs)
    {
        var s = report.Source;
        return Envelope(report, outputs).Wrap(new JsonObject
        {
            ["spec_hash"] = s.SpecHash,
            ["spec"] = s.Spec.DeepClone(),
            ["done"] = s.Status.Done,
            ["failed"] = s.Status.Failed,
            ["pending"] = s.Status.Pending,
            ["running"] = s.Status.Running,
            ["compute_seconds"] = s.Status.ComputeSeconds,
            ["stage_seconds"] = s.Status.StageSecondsJson(),
            ["warnings"] = Array(report.Warnings.Select(w => (JsonNode?)w)),
            ["runs"] = s.Status.RunsJson(),
            ["foreign_runs"] = Array(s.Foreign.Select(r => (JsonNode?)new JsonObject
            {
                ["cell"] = r.Key, ["status"] = r.Status, ["target_accuracy"] = r.TargetAccuracy, ["proxy_accuracy"] = r.ProxyAccuracy, ["reason"] = r.Reason,
            })),
            ["paper"] = new JsonObject
            {
                ["model"] = PaperNumbers.Model, ["setting_is_papers"] = report.PaperSetting,
                ["note"] = report.PaperSetting ? "the paper's setting: differences are ours - paper" : "another model or setting: the paper's numbers are its model's, never subtracted",
            },
            ["selection"] = report.SelectionNote,
            ["targets"] = Array(report.Targets.Select(t => (JsonNode?)t)),
            ["n"] = Array(report.Ns.Select(n => (JsonNode?)n)),
            ["depths"] = Array(report.Depths.Select(d => (JsonNode?)d)),
            ["arms"] = Array(report.Arms.Select(a => (JsonNode?)a)),
            ["competence"] = Summary(report.Competence, report.PaperCompetence),
            ["a0"] = new JsonObject(report.Targets.Select(t => KeyValuePair.Create(t, (JsonNode?)Summary(report.A0.GetValueOrDefault(t), report.PaperA0.GetValueOrDefault(t))))),
            ["cells"] = Array(report.Cells.OrderBy(c => c.Target, StringComparer.Ordinal).ThenBy(c => c.N).ThenBy(c => report.Arms.ToList().IndexOf(c.Arm)).ThenBy(c => c.Depth)
                .Select(c => (JsonNode?)new JsonObject
                {
                    ["target"] = c.Target, ["n"] = c.N, ["arm"] = c.Arm, ["depth"] = c.Depth,
                    ["test_accuracy"] = Summary(c.Test, c.PaperTest),
                    ["proxy_accuracy_after"] = Summary(c.ProxyAfter, c.PaperProxyAfter),
                    ["proxy_change"] = Summary(c.ProxyChange, null),
                })),
            ["comparisons"] = Array(report.Comparisons.Select(c => (JsonNode?)new JsonObject
            {
                ["target"] = c.Target, ["n"] = c.N, ["arm"] = c.Arm, ["depth"] = c.Depth, ["against"] = c.Against,
                ["mean_difference"] = c.Result?.MeanDifference, ["lower"] = c.Result?.Lower, ["upper"] = c.Result?.Upper,
                ["seeds"] = c.Result?.Seeds, ["wins"] = c.Result?.Wins, ["ties"] = c.Result?.Ties, ["losses"] = c.Result?.Losses,
                ["excludes_zero"] = c.Result?.ExcludesZero, ["missing"] = c.Missing,
            })),
            ["budgets"] = Array(report.Budgets.Select(b => (JsonNode?)new JsonObject
            {
                ["arm"] = b.Arm, ["depth"] = b.Depth, ["heads_min"] = b.Heads.Min, ["heads_max"] = b.Heads.Max,
                ["paper_trainable_min"] = b.PaperTrainable.Min, ["paper_trainable_max"] = b.PaperTrainable.Max, ["paper_total"] = b.PaperTotal,
                ["paper_percent_min"] = b.PaperPercentMin, ["paper_percent_max"] = b.PaperPercentMax,
                ["distinct_trainable_min"] = b.DistinctTrainable.Min, ["distinct_trainable_max"] = b.DistinctTrainable.Max, ["distinct_total"] = b.DistinctTotal,
                ["distinct_percent_min"] = b.DistinctPercentMin, ["distinct_percent_max"] = b.DistinctPercentMax,
            })),
            ["discoveries"] = Array(report.Discoveries.Select(d => (JsonNode?)new JsonObject
            {
                ["seed"] = d.Seed, ["depth"] = d.Depth, ["depth_reached"] = d.DepthReached, ["circuit_file"] = d.CircuitFile,
                ["circuit"] = Array(d.Circuit.Select(h => (JsonNode?)h)),
            })),
        });
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());

    private static JsonObject? Summary(SeedSummary? s, PaperValue? paper) => s is null && paper is null ? null : new JsonObject
    {
        ["mean"] = s?.Mean, ["std"] = s?.Std, ["seeds"] = s is null ? null : Array(s.Seeds.Select(x => (JsonNode?)x)),
        ["values"] = s is null ? null : Array(s.Values.Select(v => (JsonNode?)v)),
        ["paper"] = paper is null ? null : new JsonObject { ["low"] = paper.Low, ["high"] = paper.High, ["note"] = paper.Note },
    };
}
