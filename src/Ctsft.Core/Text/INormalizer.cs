namespace Ctsft.Text;

/// <summary>A Hugging Face normalizer: rewrites a piece of text before it is split into words.</summary>
public interface INormalizer
{
    string Normalize(string text);
}
