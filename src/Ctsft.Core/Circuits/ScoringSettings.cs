namespace Ctsft.Circuits;

/// <summary>
/// How scoring is batched (never what it computes: scores do not depend on these). Examples are scored
/// <see cref="ExampleBatchSize"/> at a time, sorted by length so little padding is computed (one at a time was
/// fastest on the project's 2-core machine: the CD-T rules are elementwise-heavy and small rows stay in cache); all source heads of
/// a layer go in one batched pass (rows = heads x examples), chunked by whole heads so that no activation of a
/// chunk exceeds <see cref="ChunkElementBudget"/> float32 entries.
/// </summary>
public sealed record ScoringSettings(int ExampleBatchSize = 1, long ChunkElementBudget = 1L << 25)
{
    public static ScoringSettings Default { get; } = new();
}

/// <summary>Progress of a scoring run: (source head, example) pairs done of the total.</summary>
public readonly record struct ScoringProgress(long Done, long Total);
