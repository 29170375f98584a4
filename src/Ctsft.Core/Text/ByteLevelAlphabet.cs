namespace Ctsft.Text;

/// <summary>
/// GPT-2's byte-to-character table: printable Latin-1 bytes stand for themselves, the other 68 bytes
/// (controls, space, DEL, NBSP, soft hyphen...) become U+0100 onwards in byte order, so space is 'Ġ'.
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] CharOfByte = BuildCharOfByte();
    private static readonly Dictionary<char, byte> byteOfChar = Enumerable.Range(0, 256).ToDictionary(b => CharOfByte[b], b => (byte)b);

    public static bool TryGetByte(char c, out byte value) => byteOfChar.TryGetValue(c, out value);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each written as its character.</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
            chars[i] = CharOfByte[bytes[i]];
        return new string(chars);
    }

    private static char[] BuildCharOfByte()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }
}
