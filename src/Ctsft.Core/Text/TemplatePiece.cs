namespace Ctsft.Text;

/// <summary>One item of a post-processing template: the first or second sequence, or a special token, with its type id.</summary>
public sealed record TemplatePiece(bool IsSequence, int Sequence, IReadOnlyList<int> SpecialIds, int TypeId)
{
    public static TemplatePiece Text(int sequence, int typeId) => new(true, sequence, [], typeId);

    public static TemplatePiece Special(IReadOnlyList<int> ids, int typeId) => new(false, 0, ids, typeId);
}
