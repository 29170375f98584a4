namespace Ctsft.Reports;

/// <summary>How a report chooses between Circuit and NearZero for a CT-SFT row (method.md 8: never on test).</summary>
public enum CtSftSelection
{
    /// <summary>No choice: Circuit and NearZero are reported separately.</summary>
    None,

    /// <summary>Per (target, n, depth, seed), the one with the better target validation accuracy (ties: Circuit); needs runs with a learning-rate search.</summary>
    Validation,
}

/// <summary>A report's settings, recorded in its JSON.</summary>
public sealed record ReportOptions
{
    public BootstrapOptions Bootstrap { get; init; } = new();
    public CtSftSelection Selection { get; init; } = CtSftSelection.None;

    /// <summary>Whether to render the PNGs (a demo printing a table only can leave them out).</summary>
    public bool Plots { get; init; } = true;
}
