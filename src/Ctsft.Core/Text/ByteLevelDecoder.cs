using System.Text;

namespace Ctsft.Text;

/// <summary>The ByteLevel decoder: token characters back to bytes, then UTF-8 with U+FFFD for invalid sequences.</summary>
public sealed class ByteLevelDecoder : ITokenDecoder
{
    public string Decode(IReadOnlyList<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            var tokenBytes = new List<byte>(token.Length);
            foreach (var c in token)
            {
                if (!ByteLevelAlphabet.TryGetByte(c, out var b))
                {
                    // A token with characters outside the table (an added token) decodes as its own UTF-8.
                    tokenBytes = [.. Encoding.UTF8.GetBytes(token)];
                    break;
                }
                tokenBytes.Add(b);
            }
            bytes.AddRange(tokenBytes);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
