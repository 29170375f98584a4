namespace Ctsft.Text;

/// <summary>
/// Hugging Face's post-processors as templates: TemplateProcessing directly, BertProcessing as
/// <c>[CLS] A [SEP]</c> / <c>[CLS] A [SEP] B:1 [SEP]:1</c>, RobertaProcessing as <c>&lt;s&gt; A &lt;/s&gt; &lt;/s&gt; B &lt;/s&gt;</c>,
/// and ByteLevel or none as plain <c>A</c> / <c>A B</c>.
/// </summary>
public sealed class TemplatePostProcessor(IReadOnlyList<TemplatePiece> single, IReadOnlyList<TemplatePiece> pair)
{
    public static TemplatePostProcessor None { get; } = new([TemplatePiece.Text(0, 0)], [TemplatePiece.Text(0, 0), TemplatePiece.Text(1, 0)]);

    public static TemplatePostProcessor Bert(int clsId, int sepId) => new(
        [TemplatePiece.Special([clsId], 0), TemplatePiece.Text(0, 0), TemplatePiece.Special([sepId], 0)],
        [TemplatePiece.Special([clsId], 0), TemplatePiece.Text(0, 0), TemplatePiece.Special([sepId], 0),
            TemplatePiece.Text(1, 1), TemplatePiece.Special([sepId], 1)]);

    public static TemplatePostProcessor Roberta(int clsId, int sepId) => new(
        [TemplatePiece.Special([clsId], 0), TemplatePiece.Text(0, 0), TemplatePiece.Special([sepId], 0)],
        [TemplatePiece.Special([clsId], 0), TemplatePiece.Text(0, 0), TemplatePiece.Special([sepId, sepId], 0),
            TemplatePiece.Text(1, 0), TemplatePiece.Special([sepId], 0)]);

    public IReadOnlyList<TemplatePiece> Single { get; } = single;
    public IReadOnlyList<TemplatePiece> Pair { get; } = pair;

    /// <summary>How many special tokens the template adds around the sequences.</summary>
    public int AddedTokenCount(bool isPair) =>
        (isPair ? Pair : Single).Where(p => !p.IsSequence).Sum(p => p.SpecialIds.Count);

    public (List<int> Ids, List<int> TypeIds) Apply(IReadOnlyList<int> first, IReadOnlyList<int>? second, bool addSpecialTokens)
    {
        var ids = new List<int>(first.Count + (second?.Count ?? 0) + 4);
        var typeIds = new List<int>(ids.Capacity);
        foreach (var piece in second is null ? Single : Pair)
        {
            var pieceIds = piece.IsSequence ? (piece.Sequence == 0 ? first : second!) : addSpecialTokens ? piece.SpecialIds : [];
            ids.AddRange(pieceIds);
            typeIds.AddRange(Enumerable.Repeat(piece.TypeId, pieceIds.Count));
        }
        return (ids, typeIds);
    }
}
