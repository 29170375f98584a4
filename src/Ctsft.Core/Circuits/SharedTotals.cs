using static TorchSharp.torch;

namespace Ctsft.Circuits;

/// <summary>
/// The ordinary totals of one batch's decomposed passes, computed once (a cost rule, issue 12). Every pass through a
/// layer computes the same totals from the same ordinary input, whichever source layer it started from; the first pass
/// through a point (a layer in one mode, or the readout) records what each rule computes from the totals, in order, and
/// later passes replay them instead of recomputing (beta is still computed per pass against those totals, so
/// gamma = total - beta holds by construction; a replayed total differs from a recomputed one by float rounding at most).
/// Rules ask through <see cref="Reuse"/>; outside <see cref="At"/> (or without a <see cref="SharedTotals"/>) they compute.
/// Nothing may change a total in place.
/// </summary>
public sealed class SharedTotals : IDisposable
{
    private readonly Dictionary<string, List<Tensor>> _byPoint = new();

    [ThreadStatic] private static Cursor? _current;

    private sealed class Cursor(List<Tensor> recorded, Cursor? outer)
    {
        public List<Tensor> Recorded { get; } = recorded;
        public Cursor? Outer { get; } = outer;
        public int Next { get; set; }
    }

    /// <summary>Until the returned scope ends, the rules' totals are recorded at, or replayed from, <paramref name="point"/>.</summary>
    public IDisposable At(string point)
    {
        if (!_byPoint.TryGetValue(point, out var recorded)) _byPoint[point] = recorded = [];
        _current = new Cursor(recorded, _current);
        return new Leave();
    }

    private sealed class Leave : IDisposable
    {
        public void Dispose() => _current = _current?.Outer;
    }

    /// <summary>The total <paramref name="compute"/> gives, or the one recorded at this step of the current point.</summary>
    public static Tensor Reuse(Func<Tensor> compute)
    {
        var cursor = _current;
        if (cursor is null) return compute();
        if (cursor.Next < cursor.Recorded.Count) return cursor.Recorded[cursor.Next++].alias();
        var total = compute();
        cursor.Recorded.Add(total.alias().DetachFromDisposeScope());
        cursor.Next++;
        return total;
    }

    public void Dispose()
    {
        foreach (var total in _byPoint.Values.SelectMany(t => t)) total.Dispose();
        _byPoint.Clear();
    }
}
