using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Ctsft.Data.Protocol;
using Ctsft.Tasks;

namespace Ctsft.Circuits;

/// <summary>The data a discovery run draws from: the language's Pool A (method.md 2) and its validation split.</summary>
public sealed record DiscoveryData(Dataset PoolA, Dataset Validation, IReadOnlyList<string> Notes)
{
    public static DiscoveryData Load(DataTask task, string? dataDirOption, string language, ulong splitSeed, TaskReadout readout)
    {
        task.RequireLanguage(language);
        var dataDir = DataDirectory.Resolve(dataDirOption);
        if (task.Key == Xnli.Task.Key) return LoadXnli(task, dataDir, language, splitSeed, readout);
        var train = task.Load(dataDir, language, "train");
        var poolA = PoolSplit.Create(train, splitSeed).PoolA(train);
        return new DiscoveryData(poolA, task.Load(dataDir, language, "valid"), []);
    }

    private static DiscoveryData LoadXnli(DataTask task, string dataDir, string language, ulong splitSeed, TaskReadout readout)
    {
        var languages = new[] { task.ProxyLanguage, language }.Distinct().ToArray();
        var dev = languages.Select(l => task.Load(dataDir, l, "dev")).ToArray();
        var test = languages.Select(l => task.Load(dataDir, l, "test")).ToArray();
        var subsets = XnliSubsets.Build(dev, test, readout.PromptTokenCount, splitSeed).ByLanguage[language];
        var poolA = PoolSplit.Create(subsets.Train, splitSeed).PoolA(subsets.Train);
        return new DiscoveryData(poolA, subsets.Valid,
            [$"XNLI subsets over {string.Join(", ", languages)} with the model's {readout.Task.MaxLength}-token prompt filter (subset seed = split seed)"]);
    }
}
