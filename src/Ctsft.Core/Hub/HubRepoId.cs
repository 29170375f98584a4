using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Ctsft.Hub;

/// <summary>
/// A model repository on the Hugging Face hub and the revision wanted: <c>org/name</c> or
/// <c>org/name@revision</c> (branch, tag or commit hash; <see cref="DefaultRevision"/> when absent).
/// </summary>
public sealed partial record HubRepoId(string Owner, string Name, string Revision)
{
    public const string DefaultRevision = "main";
    private const int MaxRepoLength = 96, MaxRevisionLength = 256;

    /// <summary><c>org/name</c>, as in hub URLs.</summary>
    public string Repo => $"{Owner}/{Name}";

    /// <summary>The repository's folder in the cache, named as huggingface_hub names it.</summary>
    public string CacheFolderName => $"models--{Owner}--{Name}";

    /// <summary>True when the revision is a full commit hash, which needs no ref to find its snapshot.</summary>
    public bool RevisionIsCommit => CommitHash().IsMatch(Revision);

    public override string ToString() => $"{Repo}@{Revision}";

    public static HubRepoId Parse(string spec) =>
        TryParse(spec, out var id, out var problem) ? id
            : throw new BadInputException($"Model '{spec}' is not a hub id: {problem}; expected org/name or org/name@revision");

    public static bool TryParse(string spec, [NotNullWhen(true)] out HubRepoId? id) => TryParse(spec, out id, out _);

    /// <summary>Parses <paramref name="spec"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string spec, [NotNullWhen(true)] out HubRepoId? id, [NotNullWhen(false)] out string? problem)
    {
        id = null;
        var at = spec.IndexOf('@');
        var repo = at < 0 ? spec : spec[..at];
        var revision = at < 0 ? DefaultRevision : spec[(at + 1)..];
        problem = RepoProblem(repo) ?? RevisionProblem(revision);
        if (problem is not null) return false;
        var slash = repo.IndexOf('/');
        id = new HubRepoId(repo[..slash], repo[(slash + 1)..], revision);
        return true;
    }

    private static string? RepoProblem(string repo)
    {
        var parts = repo.Split('/');
        if (parts.Length != 2) return $"'{repo}' must have exactly one '/' between organisation and name";
        if (repo.Length > MaxRepoLength) return $"'{repo}' is longer than {MaxRepoLength} characters";
        if (repo.Contains("--") || repo.Contains("..")) return $"'{repo}' must not contain '--' or '..'";
        foreach (var part in parts)
            if (!RepoPart().IsMatch(part))
                return $"'{part}' in '{repo}' must be letters, digits, '_', '-' or '.', starting and ending with a letter, digit or '_'";
        return null;
    }

    private static string? RevisionProblem(string revision)
    {
        if (revision.Length == 0) return "the revision after '@' is empty";
        if (revision.Length > MaxRevisionLength) return $"revision '{revision}' is longer than {MaxRevisionLength} characters";
        if (!RevisionText().IsMatch(revision) || revision.Split('/').Any(s => s is "" or "." or ".."))
            return $"revision '{revision}' must be letters, digits, '_', '-', '.' or '/' (no empty, '.' or '..' parts)";
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$")]
    private static partial Regex RepoPart();

    [GeneratedRegex("^[A-Za-z0-9_./-]+$")]
    private static partial Regex RevisionText();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    internal static partial Regex CommitHash();
}
