namespace Ctsft.Reproducibility;

/// <summary>
/// The named purposes that sub-seeds are derived for (<see cref="SeededRandom.For"/>). A new use of
/// randomness gets a new name here, so no two uses ever share a stream by accident.
/// </summary>
public static class SeedPurposes
{
    public const string PoolSplit = "data/pool-split";
    public const string PoolBSample = "data/sample/pool-b";
    public const string PoolASample = "data/sample/pool-a";
    public const string MeanSet = "data/mean-set";
    public const string DiscoverySet = "data/discovery-set";
    public const string XnliDevSubset = "data/xnli/dev-subset";
    public const string XnliTestSubset = "data/xnli/test-subset";
    public const string UserFileSplit = "data/user-file/split";
    public const string TrainingShuffle = "training/shuffle";
    public const string TrainingDropout = "training/dropout";
    public const string RandomHeads = "circuits/random-heads";
    public const string Stage1Training = "transfer/stage-1/training";
    public const string Stage2Training = "transfer/stage-2/training";
    public const string AdapterInit = "adapters/init";
}
