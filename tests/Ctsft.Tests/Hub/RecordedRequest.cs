using System.Net.Sockets;
using System.Text;

namespace Ctsft.Tests.Hub;

/// <summary>An HTTP request as <see cref="LoopbackHub"/> received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    private const int MaxHeadBytes = 64 * 1024;

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>The first byte asked for by a <c>Range: bytes=N-</c> header, if any.</summary>
    public long? RangeStart =>
        Header("Range") is { } range && range.StartsWith("bytes=", StringComparison.Ordinal)
        && long.TryParse(range["bytes=".Length..].TrimEnd('-'), out var start) ? start : null;

    /// <summary>Reads the request line and headers (there is no body); null when the client sent nothing.</summary>
    public static async Task<RecordedRequest?> ReadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var buffer = new byte[4096];
        while (!EndsWithBlankLine(head))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0) return null;
            head.AddRange(buffer.AsSpan(0, read));
            if (head.Count > MaxHeadBytes) throw new IOException("request head too long");
        }
        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(requestLine[0], requestLine[1], headers);
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}
