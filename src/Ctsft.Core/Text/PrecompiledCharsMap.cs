using System.Buffers.Binary;
using System.Text;

namespace Ctsft.Text;

/// <summary>
/// SentencePiece's compiled normalization rules (<c>precompiled_charsmap</c>): a little-endian u32 giving the
/// size in bytes of a Darts double-array trie over UTF-8 keys, that many bytes of u32 units, then a pool of
/// NUL-terminated UTF-8 replacement strings that the trie's values point into.
/// </summary>
public sealed class PrecompiledCharsMap
{
    private readonly uint[] units;
    private readonly byte[] pool;

    public PrecompiledCharsMap(byte[] charsMap, string source)
    {
        if (charsMap.Length < 4)
            throw new BadInputException($"{source}: precompiled_charsmap has {charsMap.Length} bytes, fewer than its 4-byte trie size");
        var trieSize = BinaryPrimitives.ReadUInt32LittleEndian(charsMap);
        if (trieSize % 4 != 0 || trieSize == 0 || trieSize > charsMap.Length - 4)
            throw new BadInputException($"{source}: precompiled_charsmap declares a trie of {trieSize} bytes in a map of {charsMap.Length} bytes");
        units = new uint[trieSize / 4];
        for (var i = 0; i < units.Length; i++)
            units[i] = BinaryPrimitives.ReadUInt32LittleEndian(charsMap.AsSpan(4 + 4 * i));
        pool = charsMap[(4 + (int)trieSize)..];
    }

    /// <summary>
    /// The replacement of the shortest key that is a prefix of <paramref name="utf8"/> (Darts' first
    /// common-prefix result, as Hugging Face's <c>transform</c> takes it), or null if no key is. A NUL byte
    /// ends the search.
    /// </summary>
    public string? ShortestMatch(ReadOnlySpan<byte> utf8)
    {
        var position = (long)Offset(units[0]);
        foreach (var c in utf8)
        {
            if (c == 0)
                return null;
            position ^= c;
            if (position >= units.Length)
                return null;
            var unit = units[position];
            if (Label(unit) != c)
                return null;
            position ^= Offset(unit);
            if (HasLeaf(unit) && position < units.Length)
                return Replacement((int)Value(units[position]));
        }
        return null;
    }

    private string Replacement(int start)
    {
        if (start >= pool.Length)
            return "";
        var end = Array.IndexOf(pool, (byte)0, start);
        return Encoding.UTF8.GetString(pool, start, (end < 0 ? pool.Length : end) - start);
    }

    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;

    private static uint Value(uint unit) => unit & 0x7FFFFFFFu;

    private static uint Label(uint unit) => unit & 0x800000FFu;

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & 0x200u) >> 6);
}
