using System.Text;

namespace Ctsft.Text;

/// <summary>The NFC, NFD, NFKC and NFKD normalizers.</summary>
public sealed class UnicodeFormNormalizer(NormalizationForm form) : INormalizer
{
    public NormalizationForm Form { get; } = form;

    public string Normalize(string text) => text.Normalize(Form);
}
