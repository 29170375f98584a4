using System.Security.Cryptography;
using System.Text;
using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Ctsft.Data.Protocol;

namespace Ctsft.Training;

/// <summary>
/// The examples a run trains on: a language's training rows, its pool (A or B of the protocol split) and the
/// first n of the pool's nested sample. Records the dataset file's hash and the ids.
/// </summary>
public sealed record TrainingData(Dataset Dataset, string Pool, int N, IReadOnlyList<Example> Examples)
{
    /// <summary>SHA-256 of the ids in training order, one per line.</summary>
    public string IdsHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", Examples.Select(e => e.Id)))));

    public static TrainingData Load(TrainingRequest request)
    {
        var task = DataTasks.Get(request.Task);
        if (task.Key != NusaxSenti.Task.Key)
            throw new BadInputException($"option --task: training on '{task.Key}' is not supported yet (its subsets depend on the tokenizer); use nusax");
        task.RequireLanguage(request.Language);
        var pool = (request.Pool ?? (request.Language == task.ProxyLanguage ? "A" : "B")).Trim().ToUpperInvariant();
        if (pool is not ("A" or "B"))
            throw new BadInputException($"option --pool: '{request.Pool}' is not a pool; use A or B");
        var train = task.Load(DataDirectory.Resolve(request.DataDir), request.Language, "train");
        var split = PoolSplit.Create(train, request.SplitSeed);
        var sample = pool == "A" ? NestedSample.FromPoolA(split, request.SampleSeed) : NestedSample.FromPoolB(split, request.SampleSeed);
        var sizes = SampleSizes.Parse(request.N, sample.PoolSize);
        if (sizes.Count != 1) throw new BadInputException($"option --n: give one size, not '{request.N}'");
        var subset = sample.Take(train, sizes[0]);
        return new TrainingData(subset, pool, sizes[0], subset.Examples);
    }
}
