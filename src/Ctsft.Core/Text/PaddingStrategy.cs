namespace Ctsft.Text;

/// <summary>How wide a batch is: as its longest row, or <see cref="BatchEncodingOptions.MaxLength"/>.</summary>
public enum PaddingStrategy
{
    Longest,
    MaxLength,
}
