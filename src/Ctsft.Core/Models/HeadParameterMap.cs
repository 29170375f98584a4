namespace Ctsft.Models;

/// <summary>
/// The one place that knows which weight entries a head owns (method.md section 6): its q projection rows
/// and bias, the k and v rows and biases of its key/value group (shared by the group's query heads under
/// grouped-query attention) and its columns of the output projection.
/// </summary>
public sealed class HeadParameterMap(TransformerConfig config)
{
    public TransformerConfig Config { get; } = config;

    /// <summary>Rows of q_proj (and its bias) that produce this head's queries; also its o_proj columns.</summary>
    public (int Start, int Length) QueryRange(HeadRef head) => (head.Head * Config.HeadDim, Config.HeadDim);

    /// <summary>Rows of k_proj / v_proj of the key/value head this query head reads.</summary>
    public (int Start, int Length) KeyValueRange(HeadRef head) => (Config.KeyValueHeadOf(head.Head) * Config.HeadDim, Config.HeadDim);

    public IReadOnlyList<ParameterSlice> SlicesOf(HeadRef head)
    {
        Validate(head);
        var names = Config.AttentionNames(head.Layer);
        var (q, d) = QueryRange(head);
        var (kv, _) = KeyValueRange(head);
        var slices = new List<ParameterSlice>
        {
            new(names.Weight(names.Query), SliceAxis.Rows, q, d),
            new(names.Weight(names.Key), SliceAxis.Rows, kv, d),
            new(names.Weight(names.Value), SliceAxis.Rows, kv, d),
            new(names.Weight(names.Output), SliceAxis.Columns, q, d),
        };
        if (names.QkvBias)
        {
            slices.Add(new(names.Bias(names.Query), SliceAxis.Rows, q, d));
            slices.Add(new(names.Bias(names.Key), SliceAxis.Rows, kv, d));
            slices.Add(new(names.Bias(names.Value), SliceAxis.Rows, kv, d));
        }
        return slices;
    }

    /// <summary>The slices of a set of heads, each block once (query heads of one group share their k/v rows).</summary>
    public IReadOnlyList<ParameterSlice> SlicesOf(IEnumerable<HeadRef> heads) =>
        heads.SelectMany(SlicesOf).Distinct().OrderBy(s => s.TensorName, StringComparer.Ordinal).ThenBy(s => s.Start).ToArray();

    public void Validate(HeadRef head)
    {
        if (head.Layer < 0 || head.Layer >= Config.NumLayers || head.Head < 0 || head.Head >= Config.NumAttentionHeads)
            throw new BadInputException(
                $"head {head} is outside the model: layers 0..{Config.NumLayers - 1}, heads 0..{Config.NumAttentionHeads - 1}");
    }
}
