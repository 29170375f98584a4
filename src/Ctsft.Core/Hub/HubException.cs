namespace Ctsft.Hub;

/// <summary>
/// The hub refused or failed to deliver a file (not found, gated, unreachable, corrupt), or offline mode
/// found no cached copy. The message names the repository, revision and file.
/// </summary>
public class HubException(string message, HubRepoId repo, string? file, Exception? inner = null)
    : BadInputException(message, inner)
{
    public HubRepoId Repo { get; } = repo;
    public string? File { get; } = file;
}
