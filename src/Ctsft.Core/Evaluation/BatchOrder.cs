namespace Ctsft.Evaluation;

/// <summary>
/// How evaluation groups examples into batches. <see cref="ByLength"/> (the default) batches examples of similar
/// prompt length together, which cuts padding (about half of a NusaX batch of 32 in input order) and so
/// compute; results are always reported in the input order, and padding never changes a prediction (tested).
/// </summary>
public enum BatchOrder
{
    ByLength,
    Input,
}
