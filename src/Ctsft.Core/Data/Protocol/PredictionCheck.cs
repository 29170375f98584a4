namespace Ctsft.Data.Protocol;

/// <summary>Turns a model's predictions into the "predicted correctly" test the mean and discovery sets use.</summary>
public static class PredictionCheck
{
    /// <summary>
    /// <paramref name="predictedLabels"/>[i] is the model's label index for <paramref name="dataset"/>'s
    /// example i; the result tells, by example id, whether it equals the gold label.
    /// </summary>
    public static Func<Example, bool> FromPredictions(Dataset dataset, IReadOnlyList<int> predictedLabels)
    {
        if (predictedLabels.Count != dataset.Count)
            throw new BadInputException(
                $"{dataset.SourceFile}: {predictedLabels.Count} predictions for the {dataset.Count} examples of {dataset.Describe()}");
        var correct = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dataset.Count; i++)
            if (predictedLabels[i] == dataset.Examples[i].Label)
                correct.Add(dataset.Examples[i].Id);
        return example => correct.Contains(example.Id);
    }
}
