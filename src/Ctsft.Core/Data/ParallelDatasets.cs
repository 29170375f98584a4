namespace Ctsft.Data;

/// <summary>
/// Checks that datasets in several languages are parallel: the same ids, each with the same label.
/// Row order may differ; the protocol works on ids.
/// </summary>
public static class ParallelDatasets
{
    public static void Ensure(IReadOnlyList<Dataset> datasets)
    {
        if (datasets.Count == 0)
            throw new ArgumentException("at least one dataset is needed", nameof(datasets));
        var reference = datasets[0];
        foreach (var other in datasets.Skip(1))
        {
            if (!other.LabelNames.SequenceEqual(reference.LabelNames))
                throw new BadInputException(
                    $"{other.SourceFile}: labels [{string.Join(", ", other.LabelNames)}] differ from [{string.Join(", ", reference.LabelNames)}] in {reference.SourceFile}");
            for (var row = 0; row < other.Count; row++)
            {
                var example = other.Examples[row];
                if (!reference.Contains(example.Id))
                    throw new BadInputException(
                        $"{other.SourceFile}: row {row + 1}: id '{example.Id}' is not in {reference.SourceFile}; the datasets are not parallel");
                var label = reference[example.Id].Label;
                if (label != example.Label)
                    throw new BadInputException(
                        $"{other.SourceFile}: row {row + 1}: id '{example.Id}' has label '{other.LabelNames[example.Label]}' but '{reference.LabelNames[label]}' in {reference.SourceFile}; the datasets are not parallel");
            }
            if (other.Count != reference.Count)
            {
                var missing = reference.Ids.First(id => !other.Contains(id));
                throw new BadInputException(
                    $"{other.SourceFile}: id '{missing}' of {reference.SourceFile} is missing ({other.Count} rows, {reference.Count} there); the datasets are not parallel");
            }
        }
    }
}
