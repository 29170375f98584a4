namespace Ctsft.Data;

/// <summary>The benchmark datasets by key (<c>nusax</c>, <c>xnli</c>).</summary>
public static class DataTasks
{
    public static readonly IReadOnlyList<DataTask> All = [NusaxSenti.Task, Xnli.Task];

    public static DataTask Get(string key) =>
        All.FirstOrDefault(t => t.Key.Equals(key, StringComparison.OrdinalIgnoreCase))
        ?? throw new BadInputException($"unknown task '{key}'; known: {string.Join(", ", All.Select(t => t.Key))}");
}
