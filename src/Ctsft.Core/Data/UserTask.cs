using System.Text.Json.Nodes;

namespace Ctsft.Data;

/// <summary>
/// A user dataset as the task of a transfer (task <c>custom</c>): one file per language (the proxy's and each
/// target's) and how to read them (<see cref="UserDataFile"/>). The labels are <see cref="Labels"/> when given, else
/// every label of the proxy's file, sorted; every other file must use only those.
/// </summary>
public sealed record UserTask(
    IReadOnlyDictionary<string, string> Files,
    string TextColumn = "text",
    string LabelColumn = "label",
    string? TextPairColumn = null,
    string? IdColumn = null,
    string? SplitColumn = null,
    IReadOnlyList<string>? Labels = null)
{
    public const string Key = "custom";

    /// <summary>The task's labels: the given ones, or those of the proxy's file in sorted order.</summary>
    public IReadOnlyList<string> LabelsFor(string proxy) => Labels ?? UserDataFile.LabelsOf(Files[proxy], LabelColumn);

    /// <summary>The file of <paramref name="language"/>, read with the task's columns and <paramref name="labels"/>.</summary>
    public UserDataFile For(string language, IReadOnlyList<string> labels) =>
        new(Files[language], new DatasetColumns(TextColumn, LabelColumn, IdColumn, TextPairColumn, labels), SplitColumn);

    /// <summary>What a stage's identity holds besides the files' hashes: the columns, the labels and the split rule.</summary>
    public JsonObject Identity(IReadOnlyList<string> labels, ulong splitSeed) => new()
    {
        ["text_column"] = TextColumn, ["text_pair_column"] = TextPairColumn, ["label_column"] = LabelColumn, ["id_column"] = IdColumn,
        ["split_column"] = SplitColumn, ["labels"] = new JsonArray(labels.Select(l => (JsonNode?)l).ToArray()), ["split_seed"] = splitSeed,
    };
}
