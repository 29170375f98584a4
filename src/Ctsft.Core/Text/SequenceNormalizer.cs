namespace Ctsft.Text;

/// <summary>The Sequence normalizer: its normalizers applied in order.</summary>
public sealed class SequenceNormalizer(IReadOnlyList<INormalizer> normalizers) : INormalizer
{
    public IReadOnlyList<INormalizer> Normalizers { get; } = normalizers;

    public string Normalize(string text)
    {
        foreach (var normalizer in Normalizers)
            text = normalizer.Normalize(text);
        return text;
    }
}
