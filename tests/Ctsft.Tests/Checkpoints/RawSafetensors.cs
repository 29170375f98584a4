using System.Buffers.Binary;
using System.Text;

namespace Ctsft.Tests.Checkpoints;

/// <summary>Builds safetensors bytes by hand (header text + data), valid or deliberately corrupt.</summary>
public static class RawSafetensors
{
    public static byte[] Build(string headerJson, byte[] data) => Build((ulong)Encoding.UTF8.GetByteCount(headerJson), headerJson, data);

    public static byte[] Build(ulong declaredHeaderLength, string headerJson, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredHeaderLength);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>The data section of a safetensors file (everything after the header).</summary>
    public static byte[] DataSection(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return bytes[(8 + headerLength)..];
    }

    public static string HeaderText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return Encoding.UTF8.GetString(bytes, 8, headerLength);
    }
}
