using Ctsft.Data;
using Ctsft.Reproducibility;

namespace Ctsft.Training;

/// <summary>
/// Which examples form step t's batch: every epoch is a fresh seeded permutation of the examples (sub-seed
/// <see cref="SeedPurposes.TrainingShuffle"/> with the epoch number), cut into batches in order, the last one
/// smaller when the batch size does not divide the count. The order depends only on (seed, epoch), so a resumed
/// run finds its place from the step number alone.
/// </summary>
public sealed class BatchSchedule(IReadOnlyList<Example> examples, int batchSize, int epochs, ulong seed)
{
    private (int Epoch, int[] Order)? _cached;

    public int StepsPerEpoch { get; } = (examples.Count + batchSize - 1) / batchSize;
    public long TotalSteps => (long)StepsPerEpoch * epochs;

    /// <summary>Epoch (from 0) of step <paramref name="step"/> (from 0).</summary>
    public int EpochOf(long step) => (int)(step / StepsPerEpoch);

    public IReadOnlyList<Example> Batch(long step)
    {
        var epoch = EpochOf(step);
        var order = Order(epoch);
        var start = (int)(step % StepsPerEpoch) * batchSize;
        return order.Skip(start).Take(batchSize).Select(i => examples[i]).ToArray();
    }

    public int[] Order(int epoch)
    {
        if (_cached is not { } cached || cached.Epoch != epoch)
            _cached = cached = (epoch, SeededRandom.For(seed, $"{SeedPurposes.TrainingShuffle}/epoch-{epoch}").Permutation(examples.Count));
        return cached.Order;
    }
}
