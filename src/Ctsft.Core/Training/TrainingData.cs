using System.Security.Cryptography;
using System.Text;
using Ctsft.Data;
using Ctsft.Data.Acquisition;
using Ctsft.Data.Protocol;

namespace Ctsft.Training;

/// <summary>
/// The examples a run trains on: a language's training rows, its pool (A or B of the protocol split) and the
/// first n of the pool's nested sample. Records the dataset file's hash and the ids. XNLI's training rows are the
/// language's NusaX-sized train subset (drawn from dev with the 128-token filter over the run's language set).
/// </summary>
public sealed record TrainingData(Dataset Dataset, string Pool, int N, IReadOnlyList<Example> Examples)
{
    /// <summary>XNLI: the language set whose prompts all had to fit the filter; null for other tasks.</summary>
    public IReadOnlyList<string>? XnliLanguages { get; init; }

    /// <summary>SHA-256 of the ids in training order, one per line.</summary>
    public string IdsHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", Examples.Select(e => e.Id)))));

    /// <param name="promptTokens">XNLI: the prompt token counter of the 128-token filter (the model's tokenizer and the XNLI template).</param>
    public static TrainingData Load(TrainingRequest request, Func<Example, int>? promptTokens = null)
    {
        if (request.File is { } file)
        {
            var rows = file.Load(request.Language, "train", request.SplitSeed);
            return Sample(request, rows, file.Pools(rows, request.SplitSeed), PoolOf(request, "B"), null);
        }
        var task = DataTasks.Get(request.Task);
        task.RequireLanguage(request.Language);
        var pool = PoolOf(request, request.Language == task.ProxyLanguage ? "A" : "B");
        var dataDir = DataDirectory.Resolve(request.DataDir);
        IReadOnlyList<string>? languages = null;
        Dataset train;
        if (task.Key == Xnli.Task.Key)
        {
            languages = XnliLanguageSet.Resolve(request.XnliLanguages, request.Language);
            var counter = promptTokens ?? throw new ArgumentException("XNLI training needs the prompt token counter of the 128-token filter", nameof(promptTokens));
            train = XnliLanguageSet.Subsets(dataDir, languages, counter, request.SplitSeed).ByLanguage[request.Language].Train;
        }
        else
        {
            if (request.XnliLanguages is not null)
                throw new BadSettingException(XnliLanguageSet.Setting, $"{{{XnliLanguageSet.Setting}}} applies to task xnli only (the task is {task.Key})");
            train = task.Load(dataDir, request.Language, "train");
        }
        return Sample(request, train, PoolSplit.Create(train, request.SplitSeed), pool, languages);
    }

    private static string PoolOf(TrainingRequest request, string fallback)
    {
        var pool = (request.Pool ?? fallback).Trim().ToUpperInvariant();
        return pool is "A" or "B" ? pool : throw new BadSettingException("pool", $"{{pool}}: '{request.Pool}' is not a pool; use A or B");
    }

    private static TrainingData Sample(TrainingRequest request, Dataset train, PoolSplit split, string pool, IReadOnlyList<string>? languages)
    {
        var sample = pool == "A" ? NestedSample.FromPoolA(split, request.SampleSeed) : NestedSample.FromPoolB(split, request.SampleSeed);
        var sizes = SampleSizes.Parse(request.N, sample.PoolSize);
        if (sizes.Count != 1) throw new BadSettingException("n", $"{{n}}: give one size, not '{request.N}'");
        if (sizes[0] > sample.PoolSize)
            throw new BadSettingException("n", $"{{n}}: {sizes[0]} examples are more than {sample.PoolName} of {train.SourceFile} holds ({sample.PoolSize}; its train split has {train.Count} rows)");
        var subset = sample.Take(train, sizes[0]);
        return new TrainingData(subset, pool, sizes[0], subset.Examples) { XnliLanguages = languages };
    }
}
