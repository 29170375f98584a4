using System.Security.Cryptography;

namespace Ctsft.Data.Acquisition;

/// <summary>A file a dataset must contain: its path under the dataset folder, its size and SHA-256 (lower-case hex).</summary>
public sealed record ManifestEntry(string Path, long Size, string Sha256)
{
    /// <summary>Null if <paramref name="bytes"/> are this file, else what differs.</summary>
    public string? Mismatch(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            return $"size {bytes.Length} bytes, expected {Size}";
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == Sha256 ? null : $"SHA-256 {actual}, expected {Sha256}";
    }
}
