namespace Ctsft.Data;

/// <summary>
/// One labelled example: a text (or a text pair, e.g. premise and hypothesis) and the index of its label
/// in the dataset's <see cref="Dataset.LabelNames"/>. <paramref name="Id"/> is unique within a file and,
/// for parallel corpora, the same for the same example in every language.
/// </summary>
public sealed record Example(string Id, string Text, string? TextPair, int Label);
