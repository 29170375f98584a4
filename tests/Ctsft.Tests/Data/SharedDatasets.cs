using Ctsft.Data;

namespace Ctsft.Tests.Data;

/// <summary>The benchmark datasets in the shared folder, loaded once per test run.</summary>
public static class SharedDatasets
{
    private static readonly Lazy<Dictionary<(string, string), Dataset>> NusaxSplits = new(() =>
        NusaxSenti.Task.Languages
            .SelectMany(l => NusaxSenti.Task.Splits.Select(s => (l, s)))
            .ToDictionary(p => p, p => NusaxSenti.Load(SharedFolder.Data, p.l, p.s)));

    public static Dataset Nusax(string language, string split) => NusaxSplits.Value[(language, split)];

    public static Dataset Xnli(string language, string split) => Ctsft.Data.Xnli.Load(SharedFolder.Data, language, split);
}
