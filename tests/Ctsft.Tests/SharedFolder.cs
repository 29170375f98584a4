namespace Ctsft.Tests;

/// <summary>
/// Finds the read-only shared folder (data, fixtures, docs): <c>CTSFT_SHARED</c> if set, else
/// <c>../shared</c> beside the repository root.
/// </summary>
public static class SharedFolder
{
    public static string Root { get; } = Locate();

    public static string Fixtures => Path.Combine(Root, "fixtures");
    public static string FixturesNext => Path.Combine(Root, "fixtures-next");
    public static string Data => Path.Combine(Root, "data");

    /// <summary>Both fixture roots: a folder in either is a fixture (the two may be merged later).</summary>
    public static IEnumerable<string> FixtureRoots => new[] { Fixtures, FixturesNext }.Where(Directory.Exists);

    /// <summary>A fixture folder by name, in whichever root holds it.</summary>
    public static string Fixture(string name) =>
        FixtureRoots.Select(root => Path.Combine(root, name)).FirstOrDefault(Directory.Exists) ?? Path.Combine(Fixtures, name);

    /// <summary>
    /// Every model fixture folder (one holding a golden.json) under both roots whose config.json this build reads
    /// (a family it supports, with settings it supports), by folder name. Which ones that is is itself a test.
    /// </summary>
    public static IEnumerable<string> GoldenModelFolders(string? family = null) =>
        FixtureRoots.SelectMany(Directory.EnumerateDirectories)
            .Where(d => File.Exists(Path.Combine(d, "golden.json")) && IsSupported(d))
            .Where(d => family is null || GoldenFamily(d) == family)
            .Select(d => Path.GetFileName(d)!)
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal);

    private static bool IsSupported(string folder)
    {
        try
        {
            Ctsft.Models.ModelFactory.ReadConfig(Path.Combine(folder, "config.json"));
            return true;
        }
        catch (BadInputException) { return false; }
    }

    public static TheoryData<string> GoldenModelNames(string? family = null) => new(GoldenModelFolders(family));

    private static string GoldenFamily(string folder)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "golden.json")));
        return doc.RootElement.GetProperty("family").GetString()!;
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
