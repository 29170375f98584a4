namespace Ctsft.Circuits;

/// <summary>
/// How scoring is batched (never what it computes: scores do not depend on these). Examples are scored
/// <see cref="ExampleBatchSize"/> at a time, sorted by length so little padding is computed; all source heads of
/// a layer go in one batched pass (rows = heads x examples), chunked by whole heads so that no activation of a
/// chunk exceeds <see cref="ChunkElementBudget"/> float32 entries. A null batch size chooses by model size, as
/// measured on the project's 2-core machine: one example at a time for small models (MiniLM: the CD-T rules are
/// elementwise-heavy and small rows stay in cache), 8 for models of 100M non-embedding parameters or more
/// (Qwen2.5-0.5B's shape: larger matrix products amortise the weights).
/// </summary>
public sealed record ScoringSettings(int? ExampleBatchSize = null, long ChunkElementBudget = 1L << 25)
{
    public const long LargeModelParameters = 100_000_000;

    public static ScoringSettings Default { get; } = new();

    public int BatchSizeFor(Models.TransformerModel model) =>
        ExampleBatchSize ?? (model.CountParameters(includeEmbeddings: false) < LargeModelParameters ? 1 : 8);
}

/// <summary>Progress of a scoring run: (source head, example) pairs done of the total; <paramref name="Layer"/>: the source layer of the chunk just scored.</summary>
public readonly record struct ScoringProgress(long Done, long Total, int Layer = -1);
