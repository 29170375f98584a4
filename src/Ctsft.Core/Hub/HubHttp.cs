using System.Net;
using System.Net.Http.Headers;

namespace Ctsft.Hub;

/// <summary>
/// Requests to the hub as huggingface_hub makes them: <c>{endpoint}/{repo}/resolve/{revision}/{file}</c>,
/// redirects followed by hand (the hub's headers sit on its own redirect to the file store), the token
/// sent to the hub's host only, and refusals turned into messages naming repository, revision and file.
/// </summary>
internal sealed class HubHttp(HubOptions options) : IDisposable
{
    private const int MaxRedirects = 10;

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = options.ReadTimeout,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Asks for the file's metadata (a HEAD request, following only relative redirects such as renamed
    /// repositories). Null when the file does not exist and <paramref name="optional"/>.
    /// </summary>
    public Task<HubFileMetadata?> GetMetadataAsync(HubFileRequest request, bool optional, CancellationToken cancellationToken) =>
        Retrying.RunAsync(options, request, async () =>
        {
            var uri = ResolveUri(request);
            for (var hop = 0; hop <= MaxRedirects; hop++)
            {
                using var response = await SendAsync(HttpMethod.Head, uri, offset: 0, cancellationToken);
                if (RedirectTarget(response, uri) is { } target)
                {
                    if (!response.Headers.Location!.IsAbsoluteUri) { uri = target; continue; }
                    return HubFileMetadata.FromResponse(response, target, request.Repo, request.File);
                }
                if (response.StatusCode == HttpStatusCode.NotFound && optional) return null;
                ThrowIfRefused(response, request);
                return HubFileMetadata.FromResponse(response, uri, request.Repo, request.File);
            }
            throw new HubException($"More than {MaxRedirects} redirects for {request}", request.Repo, request.File);
        }, cancellationToken);

    /// <summary>
    /// Starts a GET of <paramref name="uri"/> from byte <paramref name="offset"/> (a Range request when above
    /// zero), following redirects. The response is 200, 206 or 416 (range refused); the caller reads and disposes it.
    /// </summary>
    public async Task<HttpResponseMessage> OpenAsync(HubFileRequest request, Uri uri, long offset, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            var response = await SendAsync(HttpMethod.Get, uri, offset, cancellationToken);
            if (RedirectTarget(response, uri) is { } target)
            {
                response.Dispose();
                uri = target;
                continue;
            }
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable)
                return response;
            using (response)
            {
                ThrowIfRefused(response, request);
                throw new HubException($"Unexpected HTTP {(int)response.StatusCode} for {request}", request.Repo, request.File);
            }
        }
        throw new HubException($"More than {MaxRedirects} redirects for {request}", request.Repo, request.File);
    }

    private Uri ResolveUri(HubFileRequest request) =>
        new($"{options.Endpoint.AbsoluteUri.TrimEnd('/')}/{request.Repo.Repo}/resolve/{Uri.EscapeDataString(request.Revision)}/" +
            string.Join('/', request.File.Split('/').Select(Uri.EscapeDataString)));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, long offset, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, uri);
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("ctsft", "1.0"));
        message.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        if (offset > 0) message.Headers.Range = new RangeHeaderValue(offset, null);
        if (options.Token is { } token && IsHubHost(uri))
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ReadTimeout);
        try
        {
            return await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {uri.Host}:{uri.Port} within {options.ReadTimeout.TotalSeconds:0.#} s");
        }
    }

    private bool IsHubHost(Uri uri) =>
        uri.Scheme == options.Endpoint.Scheme && uri.IdnHost == options.Endpoint.IdnHost && uri.Port == options.Endpoint.Port;

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri requested) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location
            ? new Uri(requested, location)
            : null;

    private void ThrowIfRefused(HttpResponseMessage response, HubFileRequest request)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300) return;
        var repo = request.Repo;
        throw status switch
        {
            401 or 403 => new HubException(
                $"Access to repository '{repo.Repo}' was refused (HTTP {status}) while fetching {request}: it is gated or private " +
                (options.Token is null
                    ? "and HF_TOKEN is not set; set HF_TOKEN to a token with access to it"
                    : "and the token from HF_TOKEN was sent but has no access to it; accept the repository's terms or use another token"),
                repo, request.File),
            404 => new HubException(NotFoundMessage(response, request), repo, request.File),
            408 or 429 or >= 500 => new TransientHubError($"HTTP {status} {response.ReasonPhrase} for {request}"),
            _ => new HubException($"HTTP {status} {response.ReasonPhrase} for {request}", repo, request.File),
        };
    }

    private string NotFoundMessage(HttpResponseMessage response, HubFileRequest request)
    {
        var code = response.Headers.TryGetValues("X-Error-Code", out var values) ? values.FirstOrDefault() : null;
        var what = code switch
        {
            "RepoNotFound" => $"Repository '{request.Repo.Repo}' was not found on {options.Endpoint}",
            "RevisionNotFound" => $"Revision '{request.Repo.Revision}' was not found in repository '{request.Repo.Repo}'",
            _ => "Not found",
        };
        return $"{what} (HTTP 404 for {request})";
    }
}
