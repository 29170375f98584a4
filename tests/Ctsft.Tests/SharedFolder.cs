using Ctsft.Models;

namespace Ctsft.Tests;

/// <summary>
/// Finds the read-only shared folder (data, fixtures, docs): <c>CTSFT_SHARED</c> if set, else
/// <c>../shared</c> beside the repository root. Fixtures live in several sets (<c>fixtures</c>,
/// <c>fixtures-next</c>); a folder in any of them is a fixture, found by its name.
/// </summary>
public static class SharedFolder
{
    public static string Root { get; } = Locate();

    /// <summary>The first fixture set (configs/qwen2.5-0.5b and the first tokenizers live here).</summary>
    public static string Fixtures => Path.Combine(Root, "fixtures");
    public static string FixturesNext => Path.Combine(Root, "fixtures-next");
    public static string Data => Path.Combine(Root, "data");

    /// <summary>Every fixture set present: fixtures, then fixtures-next.</summary>
    public static IReadOnlyList<string> FixtureSets { get; } =
        new[] { "fixtures", "fixtures-next" }.Select(s => Path.Combine(Root, s)).Where(Directory.Exists).ToArray();

    /// <summary>A fixture folder by name, from whichever set holds it.</summary>
    public static string Fixture(string name) =>
        FixtureSets.Select(s => Path.Combine(s, name)).FirstOrDefault(Directory.Exists) ?? Path.Combine(Fixtures, name);

    /// <summary>Every folder of every fixture set that holds a config.json (a model folder), by name.</summary>
    public static IEnumerable<string> ModelFolders() =>
        FixtureSets.SelectMany(Directory.EnumerateDirectories)
            .Where(d => File.Exists(Path.Combine(d, "config.json")))
            .Select(d => Path.GetFileName(d)!)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal);

    public static TheoryData<string> ModelFolderNames() => new(ModelFolders());

    /// <summary>
    /// Every model fixture with a golden.json whose config.json this build can read (the library's own config
    /// reader decides), by folder name. Folders the build cannot read are named by FixtureDiscoveryTests instead
    /// of failing every theory; folders without golden.json likewise.
    /// </summary>
    public static IEnumerable<string> GoldenModelFolders(string? family = null) =>
        ModelFolders()
            .Where(n => File.Exists(Path.Combine(Fixture(n), "golden.json")) && UnsupportedReason(n) is null)
            .Where(n => family is null || GoldenFamily(Fixture(n)) == family);

    public static TheoryData<string> GoldenModelNames(string? family = null) => new(GoldenModelFolders(family));

    /// <summary>Why the library refuses this fixture's config.json, or null when it reads it.</summary>
    public static string? UnsupportedReason(string name)
    {
        try
        {
            ModelFactory.ReadConfig(Path.Combine(Fixture(name), "config.json"));
            return null;
        }
        catch (BadInputException e)
        {
            return e.Message;
        }
    }

    private static string GoldenFamily(string folder)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "golden.json")));
        return doc.RootElement.GetProperty("family").GetString()!;
    }

    /// <summary>The repository root (the folder holding ctsft.slnx) above the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ctsft.slnx"))) return dir.FullName;
            throw new DirectoryNotFoundException("Could not find the repository root (ctsft.slnx) above " + AppContext.BaseDirectory);
        }
    }

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CTSFT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? fromEnvironment
                : throw new DirectoryNotFoundException($"CTSFT_SHARED points to {fromEnvironment}, which does not exist");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ctsft.slnx")))
            {
                var shared = Path.Combine(dir.Parent!.FullName, "shared");
                return Directory.Exists(shared) ? shared
                    : throw new DirectoryNotFoundException($"No shared folder at {shared}; set CTSFT_SHARED");
            }
        }
        throw new DirectoryNotFoundException("Could not find the repository root (ctsft.slnx) above " + AppContext.BaseDirectory);
    }
}
