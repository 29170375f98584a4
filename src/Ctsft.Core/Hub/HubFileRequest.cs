namespace Ctsft.Hub;

/// <summary>
/// One file wanted from a repository: <see cref="Repo"/> as the user named it, and the revision put in
/// the URL (the user's revision at first, then the commit it resolved to, so a snapshot never mixes commits).
/// </summary>
internal sealed record HubFileRequest(HubRepoId Repo, string Revision, string File)
{
    public override string ToString() =>
        Revision == Repo.Revision
            ? $"file '{File}' of repository '{Repo.Repo}' at revision '{Repo.Revision}'"
            : $"file '{File}' of repository '{Repo.Repo}' at revision '{Repo.Revision}' (commit {Revision})";
}
