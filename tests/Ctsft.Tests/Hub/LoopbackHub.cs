using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ctsft.Hub;

namespace Ctsft.Tests.Hub;

/// <summary>
/// A stand-in for the Hugging Face hub on 127.0.0.1 (random free port), written on a raw TcpListener so it
/// can misbehave: it serves model folders in the hub's URL layout with the hub's headers (X-Repo-Commit,
/// ETag = git blob sha1; safetensors via a 302 to a file store with X-Linked-Etag = sha256 and X-Linked-Size),
/// honours Range requests, records every request, and on demand drops connections mid-file, ignores
/// ranges or corrupts bytes. One connection per request. It stops when disposed, or after two minutes.
/// </summary>
public sealed class LoopbackHub : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
    private readonly Task _acceptLoop;
    private readonly ConcurrentDictionary<string, ServedRepo> _repos = new();
    private readonly ConcurrentDictionary<string, byte[]> _lfsObjects = new();
    private readonly ConcurrentDictionary<string, int> _breaks = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public LoopbackHub()
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Bytes sent before a broken file's connection is closed (its Content-Length still promises all).</summary>
    public int BreakAfterBytes { get; set; } = 1000;

    /// <summary>Answer Range requests with the whole file (200), as some servers do.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Serve this file with its last byte flipped (same size, wrong content).</summary>
    public string? CorruptFile { get; set; }

    /// <summary>Another server that stores the safetensors files, as the hub's file store on another host does; default this one.</summary>
    public LoopbackHub? FileStore { get; set; }

    /// <summary>Serves <paramref name="folder"/> as <paramref name="repo"/> at <paramref name="commit"/>, reachable by commit and by <paramref name="revisions"/>.</summary>
    public void AddRepo(string repo, string folder, string commit, string[]? revisions = null, string? requiredToken = null)
    {
        var served = _repos.GetOrAdd(repo, _ => new ServedRepo(requiredToken));
        served.Folders[commit] = folder;
        foreach (var revision in revisions ?? ["main"]) served.Revisions[revision] = commit;
    }

    /// <summary>The next <paramref name="times"/> GETs of <paramref name="file"/>'s content end after <see cref="BreakAfterBytes"/> bytes.</summary>
    public void BreakDownloads(string file, int times = int.MaxValue) => _breaks[file] = times;

    /// <summary>Options for a client of this server, with a fresh cache folder and no waiting between retries.</summary>
    public HubOptions Options(string cacheDir, string? token = null) => new()
    {
        CacheDir = cacheDir, Endpoint = Endpoint, Token = token, MaxAttempts = 3, RetryDelay = TimeSpan.Zero,
        ReadTimeout = TimeSpan.FromSeconds(20),
    };

    public static string CommitFor(string label) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(label)));

    public static string GitBlobSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await RecordedRequest.ReadAsync(stream, _stop.Token);
                if (request is null) return;
                _requests.Enqueue(request);
                await Respond(request).WriteAsync(stream, request.Method == "HEAD", _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // the client went away, or the server is stopping
            }
        }
    }

    private Reply Respond(RecordedRequest request)
    {
        var parts = request.Path.Split('?')[0].Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray();
        if (parts is ["lfs", var sha, .. var fileParts] && _lfsObjects.TryGetValue(sha, out var lfsContent))
            return Content(request, string.Join('/', fileParts), lfsContent, new() { ["ETag"] = $"\"{sha}\"" });
        if (parts.Length < 5 || parts[2] != "resolve") return Reply.Status(404, "Not Found");
        var repoName = $"{parts[0]}/{parts[1]}";
        if (!_repos.TryGetValue(repoName, out var repo)) return Reply.Status(404, "Not Found", ("X-Error-Code", "RepoNotFound"));
        if (repo.RequiredToken is { } token && request.Header("Authorization") != $"Bearer {token}")
            return request.Header("Authorization") is null
                ? Reply.Status(401, "Unauthorized", ("X-Error-Code", "GatedRepo"))
                : Reply.Status(403, "Forbidden", ("X-Error-Code", "GatedRepo"));
        var commit = repo.Folders.ContainsKey(parts[3]) ? parts[3] : repo.Revisions.GetValueOrDefault(parts[3]);
        if (commit is null) return Reply.Status(404, "Not Found", ("X-Error-Code", "RevisionNotFound"));
        var file = string.Join('/', parts[4..]);
        var path = Path.Combine(repo.Folders[commit], file);
        if (file.Contains("..") || !File.Exists(path)) return Reply.Status(404, "Not Found", ("X-Error-Code", "EntryNotFound"), ("X-Repo-Commit", commit));
        var content = File.ReadAllBytes(path);
        if (!file.EndsWith(".safetensors", StringComparison.Ordinal))
            return Content(request, file, content, new() { ["X-Repo-Commit"] = commit, ["ETag"] = $"\"{GitBlobSha1(content)}\"" });
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var store = FileStore ?? this;
        store._lfsObjects[sha256] = content;
        return Reply.Status(302, "Found",
            ("Location", $"{store.Endpoint}lfs/{sha256}/{file}"), ("X-Repo-Commit", commit), ("ETag", $"\"{GitBlobSha1(content)}\""),
            ("X-Linked-Etag", $"\"{sha256}\""), ("X-Linked-Size", content.Length.ToString()));
    }

    private Reply Content(RecordedRequest request, string file, byte[] content, Dictionary<string, string> headers)
    {
        if (file == CorruptFile) content = [.. content[..^1], (byte)(content[^1] ^ 0xFF)];
        var from = request.RangeStart is { } start && !IgnoreRange && start < content.Length ? start : 0;
        if (from > 0) headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
        var body = content.AsMemory((int)from);
        var breakNow = request.Method == "GET" && _breaks.TryGetValue(file, out var left) && left > 0
            && _breaks.TryUpdate(file, left - 1, left);
        return new Reply(from > 0 ? 206 : 200, from > 0 ? "Partial Content" : "OK", headers, body,
            breakNow ? Math.Min(BreakAfterBytes, body.Length - 1) : null);
    }

    private sealed record ServedRepo(string? RequiredToken)
    {
        public ConcurrentDictionary<string, string> Folders { get; } = new();
        public ConcurrentDictionary<string, string> Revisions { get; } = new();
    }
}
