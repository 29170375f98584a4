namespace Ctsft.Hub;

/// <summary>
/// A built-in model chosen by a short name (e.g. <c>minilm</c>) rather than a folder or hub id; it
/// produces, or finds, a folder in Hugging Face layout.
/// </summary>
public interface INamedModelProvider
{
    /// <summary>The name users pass to <c>--model</c>: letters, digits, '_', '-', '.'; no '/'.</summary>
    string Name { get; }

    /// <summary>One line for help texts and error messages.</summary>
    string Description { get; }

    /// <summary>The model's folder, built (e.g. under <see cref="HubOptions.CacheDir"/>) on first use.</summary>
    string Resolve(HubOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken);
}
