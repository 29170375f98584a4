namespace Ctsft.Hub;

/// <summary>
/// Turns a <c>--model</c> value into a local folder in Hugging Face layout: an existing folder as is, a
/// built-in model by name (<see cref="NamedModels"/>), or a hub id <c>org/name[@revision]</c> from the cache,
/// downloaded there first when missing.
/// </summary>
public static class ModelSource
{
    /// <summary>Built-in models (those embedded in packages, e.g. <c>minilm</c>); more can be registered.</summary>
    public static NamedModelRegistry NamedModels { get; } = Models.Embedded.EmbeddedModelProvider.Registry();

    /// <summary>The model's folder. <paramref name="options"/> defaults to <see cref="HubOptions.FromEnvironment()"/>.</summary>
    public static string Resolve(string spec, HubOptions? options = null, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => ResolveAsync(spec, options, progress, cancellationToken), cancellationToken).GetAwaiter().GetResult();

    public static Task<string> ResolveAsync(string spec, HubOptions? options = null, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        ResolveAsync(spec, NamedModels, options, progress, cancellationToken);

    /// <summary>As <see cref="ResolveAsync(string, HubOptions?, IProgress{DownloadProgress}?, CancellationToken)"/>, with its own registry.</summary>
    public static async Task<string> ResolveAsync(string spec, NamedModelRegistry namedModels, HubOptions? options,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new BadInputException("The model is empty: give a folder, a built-in model name or a hub id org/name[@revision]");
        if (Directory.Exists(spec)) return Path.GetFullPath(spec);
        if (namedModels.TryGet(spec, out var provider))
            return provider.Resolve(options ?? HubOptions.FromEnvironment(), progress, cancellationToken);
        if (!HubRepoId.TryParse(spec, out var repo, out var problem))
        {
            var names = namedModels.Names.Count > 0 ? string.Join(", ", namedModels.Names) : "none registered";
            throw new BadInputException(
                $"Model '{spec}' is not an existing folder, not a built-in model ({names}), and not a hub id: {problem}; " +
                "expected org/name or org/name@revision");
        }
        return await HubModels.ResolveAsync(repo, options ?? HubOptions.FromEnvironment(), progress, cancellationToken);
    }
}
