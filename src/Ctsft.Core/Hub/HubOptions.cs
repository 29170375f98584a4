namespace Ctsft.Hub;

/// <summary>
/// Where and how to reach the hub, and where the cache lives. Production builds it with
/// <see cref="FromEnvironment()"/> (the variables huggingface_hub reads); tests build it directly, so they
/// never touch process-wide environment variables.
/// </summary>
public sealed record HubOptions
{
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>The cache root holding <c>models--{org}--{name}</c> folders.</summary>
    public required string CacheDir { get; init; }

    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Sent as <c>Authorization: Bearer</c> to the endpoint's host only.</summary>
    public string? Token { get; init; }

    /// <summary>Resolve from the cache only; never make a request.</summary>
    public bool Offline { get; init; }

    /// <summary>Attempts per request before a connection failure is reported.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Wait before the second attempt; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest silence from the server (waiting for headers or for the next bytes) before retrying.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>
    /// <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, <c>HF_HUB_OFFLINE</c> (1/ON/YES/TRUE), and the cache at
    /// <c>HF_HUB_CACHE</c>, else <c>HF_HOME/hub</c>, else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else
    /// <c>~/.cache/huggingface/hub</c>.
    /// </summary>
    public static HubOptions FromEnvironment(Func<string, string?> variable)
    {
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;
        return new HubOptions
        {
            CacheDir = CacheDirFrom(Get),
            Endpoint = Get("HF_ENDPOINT") is { } endpoint ? ParseEndpoint(endpoint) : DefaultEndpoint,
            Token = Get("HF_TOKEN"),
            Offline = Get("HF_HUB_OFFLINE")?.ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE",
        };
    }

    private static string CacheDirFrom(Func<string, string?> get)
    {
        if (get("HF_HUB_CACHE") is { } hubCache) return ExpandHome(hubCache);
        if (get("HF_HOME") is { } home) return Path.Combine(ExpandHome(home), "hub");
        var xdgCache = get("XDG_CACHE_HOME") is { } xdg ? ExpandHome(xdg) : ExpandHome("~/.cache");
        return Path.Combine(xdgCache, "huggingface", "hub");
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;

    private static Uri ParseEndpoint(string text) =>
        Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new BadInputException($"HF_ENDPOINT '{text}' is not an absolute http(s) URL");
}
