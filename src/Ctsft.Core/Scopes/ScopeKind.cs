namespace Ctsft.Scopes;

/// <summary>
/// Which parameters a run trains: everything, every normalisation layer, a head set plus every norm, or new adapter
/// tensors (LoRA, IA3) beside frozen projections, optionally plus every norm.
/// </summary>
public enum ScopeKind { Full, Norms, Heads, Lora, Ia3 }
