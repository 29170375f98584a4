namespace Ctsft.Scopes;

/// <summary>Which parameters a run trains: everything, every normalisation layer, or a head set plus every norm.</summary>
public enum ScopeKind { Full, Norms, Heads }
