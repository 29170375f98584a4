namespace Ctsft.Hub;

/// <summary>A failure worth another attempt: a dropped or silent connection, a short body, a server error.</summary>
internal sealed class TransientHubError(string message, Exception? inner = null) : Exception(message, inner)
{
    public static bool Covers(Exception e) =>
        e is TransientHubError or IOException or TimeoutException || e is HttpRequestException { StatusCode: null };
}
