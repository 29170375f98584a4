namespace Ctsft.Data;

/// <summary>
/// Which columns of a file hold what: the text (and optionally a second text of a pair), the label, and
/// optionally an id (the 1-based row number otherwise). <paramref name="LabelNames"/> fixes the label set
/// and order; when null the labels found are used, sorted (numerically when all are integers).
/// </summary>
public sealed record DatasetColumns(
    string Text = "text",
    string Label = "label",
    string? Id = null,
    string? TextPair = null,
    IReadOnlyList<string>? LabelNames = null);
