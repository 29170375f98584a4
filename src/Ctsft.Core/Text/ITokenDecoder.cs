namespace Ctsft.Text;

/// <summary>A Hugging Face decoder: joins token strings back into text.</summary>
public interface ITokenDecoder
{
    string Decode(IReadOnlyList<string> tokens);
}
