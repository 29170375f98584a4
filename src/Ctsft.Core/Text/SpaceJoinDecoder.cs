namespace Ctsft.Text;

/// <summary>What Hugging Face does without a decoder: the tokens joined by spaces.</summary>
public sealed class SpaceJoinDecoder : ITokenDecoder
{
    public string Decode(IReadOnlyList<string> tokens) => string.Join(' ', tokens);
}
