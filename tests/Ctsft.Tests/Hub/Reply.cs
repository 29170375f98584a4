using System.Text;

namespace Ctsft.Tests.Hub;

/// <summary>
/// An HTTP response for <see cref="LoopbackHub"/> to write. With <see cref="BreakAfter"/> set, the headers
/// still promise the whole body but the connection is closed after that many bytes.
/// </summary>
public sealed record Reply(int Code, string Reason, Dictionary<string, string> Headers, ReadOnlyMemory<byte> Body, int? BreakAfter = null)
{
    public static Reply Status(int code, string reason, params (string Name, string Value)[] headers) =>
        new(code, reason, headers.ToDictionary(h => h.Name, h => h.Value), ReadOnlyMemory<byte>.Empty);

    public async Task WriteAsync(Stream stream, bool headOnly, CancellationToken cancellationToken)
    {
        var head = new StringBuilder($"HTTP/1.1 {Code} {Reason}\r\n");
        foreach (var (name, value) in Headers) head.Append($"{name}: {value}\r\n");
        head.Append($"Content-Length: {Body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        if (!headOnly) await stream.WriteAsync(Body[..(BreakAfter ?? Body.Length)], cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
