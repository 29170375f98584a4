using System.Text.Json;
using Ctsft.Data;
using Ctsft.Models;
using Ctsft.Tasks;

namespace Ctsft.Tests;

/// <summary>
/// The NusaX sentiment task as a fixture model takes it, read from the folder: an encoder classifies into its
/// config.json <c>id2label</c> (two labels, five, ...); a decoder answers with the label words and template of its
/// golden.json (else the paper's). NusaX examples are mapped onto those labels (by name, else by index) and
/// examples of a label the model lacks are left out, so a test runs on any fixture.
/// </summary>
public static class FixtureTask
{
    public static ClassificationTask For(string fixture)
    {
        var labels = Labels(fixture);
        if (IsEncoder(fixture))
            return labels.SequenceEqual(ClassificationTask.NusaxSenti.LabelNames) ? ClassificationTask.NusaxSenti
                : ClassificationTask.Custom("nusax", labels, ClassificationTask.NusaxSenti.Template.Template);
        if (!HasGolden(fixture)) return ClassificationTask.NusaxSenti;
        var settings = Golden.For(fixture).Settings;
        var words = settings.GetProperty("label_words").EnumerateArray().Select(w => w.GetString()!).ToArray();
        var template = settings.TryGetProperty("template", out var t) ? t.GetString()! : ClassificationTask.NusaxSenti.Template.Template;
        return ClassificationTask.Custom("nusax", labels, template, words);
    }

    /// <summary>Encoders: id2label in id order; decoders: golden.json's label names, else NusaX's.</summary>
    public static IReadOnlyList<string> Labels(string fixture)
    {
        if (IsEncoder(fixture))
        {
            using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedFolder.Fixture(fixture), "config.json")));
            return config.RootElement.TryGetProperty("id2label", out var id2label)
                ? id2label.EnumerateObject().OrderBy(p => int.Parse(p.Name)).Select(p => p.Value.GetString()!).ToArray()
                : ["LABEL_0", "LABEL_1"];   // Hugging Face's default
        }
        return HasGolden(fixture)
            ? Golden.For(fixture).Settings.GetProperty("label_names").EnumerateArray().Select(l => l.GetString()!).ToArray()
            : ClassificationTask.NusaxSenti.LabelNames;
    }

    public static TaskModel Load(string fixture, int initSeed = 0) => TaskModel.Load(SharedFolder.Fixture(fixture), For(fixture), initSeed);

    /// <summary>NusaX examples relabelled onto the fixture's labels; those of a label it lacks are dropped.</summary>
    public static IReadOnlyList<Example> Fit(string fixture, IEnumerable<Example> nusax)
    {
        var map = LabelMap(fixture);
        return nusax.Where(e => map[e.Label] >= 0).Select(e => e with { Label = map[e.Label] }).ToArray();
    }

    public static Dataset Fit(string fixture, Dataset nusax) =>
        nusax with { LabelNames = For(fixture).LabelNames, Examples = Fit(fixture, nusax.Examples) };

    private static int[] LabelMap(string fixture)
    {
        var labels = Labels(fixture);
        var nusax = ClassificationTask.NusaxSenti.LabelNames;
        var byName = nusax.All(labels.Contains) || labels.All(nusax.Contains);
        return nusax.Select((name, i) => byName ? labels.ToList().IndexOf(name) : i < labels.Count ? i : -1).ToArray();
    }

    private static bool IsEncoder(string fixture) =>
        ModelFactory.ReadConfig(Path.Combine(SharedFolder.Fixture(fixture), "config.json")).Kind == ModelKind.Encoder;

    private static bool HasGolden(string fixture) => File.Exists(Path.Combine(SharedFolder.Fixture(fixture), "golden.json"));
}
