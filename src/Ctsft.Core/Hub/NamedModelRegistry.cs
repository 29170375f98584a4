using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Ctsft.Hub;

/// <summary>The built-in models by name (case-insensitive), consulted before the hub.</summary>
public sealed class NamedModelRegistry
{
    private readonly ConcurrentDictionary<string, INamedModelProvider> _providers = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Names => _providers.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds a provider; a name that is taken, or that could be mistaken for a hub id, is a programming error.</summary>
    public void Register(INamedModelProvider provider)
    {
        if (!HubFileMetadata.IsSafeSegment(provider.Name))
            throw new ArgumentException($"Named model '{provider.Name}' must be letters, digits, '_', '-' or '.'", nameof(provider));
        if (!_providers.TryAdd(provider.Name, provider))
            throw new ArgumentException($"A named model '{provider.Name}' is already registered", nameof(provider));
    }

    public bool TryGet(string name, [NotNullWhen(true)] out INamedModelProvider? provider) =>
        _providers.TryGetValue(name, out provider);
}
