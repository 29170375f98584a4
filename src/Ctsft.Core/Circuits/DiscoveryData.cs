using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Ctsft.Data.Protocol;
using Ctsft.Tasks;

namespace Ctsft.Circuits;

/// <summary>The data a discovery run draws from: the language's Pool A (method.md 2) and its validation split.</summary>
public sealed record DiscoveryData(Dataset PoolA, Dataset Validation, IReadOnlyList<string> Notes)
{
    /// <summary>XNLI: the language set of the 128-token filter; null for other tasks.</summary>
    public IReadOnlyList<string>? XnliLanguages { get; init; }

    /// <param name="xnliLanguages">XNLI: the run's language set (<see cref="XnliLanguageSet"/>); null = the proxy and <paramref name="language"/>.</param>
    public static DiscoveryData Load(DataTask task, string? dataDirOption, string language, ulong splitSeed, TaskReadout readout,
        IReadOnlyList<string>? xnliLanguages = null)
    {
        task.RequireLanguage(language);
        var dataDir = DataDirectory.Resolve(dataDirOption);
        if (task.Key == Xnli.Task.Key) return LoadXnli(dataDir, language, splitSeed, readout, XnliLanguageSet.Resolve(xnliLanguages, language));
        var train = task.Load(dataDir, language, "train");
        var poolA = PoolSplit.Create(train, splitSeed).PoolA(train);
        return new DiscoveryData(poolA, task.Load(dataDir, language, "valid"), []);
    }

    /// <summary>A user data file (task custom): Pool A of its train split and its validation split.</summary>
    public static DiscoveryData Load(UserDataFile file, string language, ulong splitSeed)
    {
        var train = file.Load(language, "train", splitSeed);
        var poolA = file.Pools(train, splitSeed).PoolA(train);
        return new DiscoveryData(poolA, file.Load(language, "valid", splitSeed), [$"user data file {file.Path}: {file.Describe()["split"]}; {file.Describe()["pools"]}"]);
    }

    private static DiscoveryData LoadXnli(string dataDir, string language, ulong splitSeed, TaskReadout readout, IReadOnlyList<string> languages)
    {
        var subsets = XnliLanguageSet.Subsets(dataDir, languages, readout.PromptTokenCount, splitSeed).ByLanguage[language];
        var poolA = PoolSplit.Create(subsets.Train, splitSeed).PoolA(subsets.Train);
        return new DiscoveryData(poolA, subsets.Valid, [XnliLanguageSet.Describe(languages) + " under the checkpoint's tokenizer"])
        {
            XnliLanguages = languages,
        };
    }
}
