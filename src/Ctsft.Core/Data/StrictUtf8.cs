using System.Buffers;
using System.Security.Cryptography;
using System.Text.Unicode;

namespace Ctsft.Data;

/// <summary>
/// Reads a text file that must be UTF-8 (an optional BOM is skipped). Invalid bytes are an error naming
/// the file, line and byte offset, never silently replaced.
/// </summary>
public static class StrictUtf8
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The file's text and the SHA-256 (lower-case hex) of its bytes.</summary>
    public static (string Text, string Sha256) ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new BadInputException($"{path}: file not found");
        var bytes = File.ReadAllBytes(path);
        return (Decode(bytes, path), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string fileName)
    {
        var start = bytes.StartsWith(Bom) ? Bom.Length : 0;
        var body = bytes[start..];
        var chars = new char[body.Length];
        var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
            return new string(chars, 0, written);
        var offset = start + read;
        var line = 1 + bytes[..offset].Count((byte)'\n');
        throw new BadInputException(
            $"{fileName}: not valid UTF-8 at line {line} (byte offset {offset}, byte 0x{bytes[offset]:X2}); save the file as UTF-8");
    }
}
